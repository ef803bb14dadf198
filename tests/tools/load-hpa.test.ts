import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { HpaWatcher, kubectlReason, parseHpa, parseQuantity, readHpa } from "../../tools/load/hpa";
import { formatHpa } from "../../tools/load/report";
import { FakeKubectl, HPA_JSON } from "./support/fake-kubectl";

describe("load generator: HPA watcher (fake kubectl on PATH)", function () {
    this.timeout(10_000);
    let kubectl: FakeKubectl;
    let kubeconfig: string;
    const target = () => ({ name: "inference-vllm", namespace: "vllm-example", kubeconfig });

    beforeEach(() => {
        kubectl = new FakeKubectl();
        kubeconfig = path.join(kubectl.dir, "kubeconfig");
        fs.writeFileSync(kubeconfig, "apiVersion: v1\nkind: Config\n");
        kubectl.installOnPath();
    });
    afterEach(() => kubectl.remove());

    it("parses Kubernetes quantities", () => {
        expect(parseQuantity("4500m")).to.equal(4.5);
        expect(parseQuantity("37")).to.equal(37);
        expect(parseQuantity("1.5k")).to.equal(1500);
        expect(parseQuantity("1Gi")).to.equal(2 ** 30);
        expect(parseQuantity("abc")).to.equal(undefined);
    });

    it("parses replicas and current metric values out of kubectl's JSON", () => {
        expect(parseHpa(JSON.stringify(HPA_JSON))).to.deep.equal({
            currentReplicas: 2,
            desiredReplicas: 3,
            minReplicas: 1,
            maxReplicas: 5,
            metrics: [
                {
                    name: "vllm_num_requests_running",
                    type: "Pods",
                    current: "4500m",
                    currentValue: 4.5,
                    target: "4",
                },
                {
                    name: "gpu_utilization_percent",
                    type: "Pods",
                    current: "37",
                    currentValue: 37,
                    target: "20",
                },
                { name: "cpu", type: "Resource", current: "12%", currentValue: 12, target: "90%" },
            ],
            specMetrics: [
                { type: "Pods", name: "vllm_num_requests_running", averageValue: 4 },
                { type: "Pods", name: "gpu_utilization_percent", averageValue: 20 },
                { type: "Resource", name: "cpu", averageValue: undefined },
            ],
            behavior: undefined,
            holdReason: undefined,
        });
    });

    it("handles an HPA that has no status yet", () => {
        const fresh = { ...HPA_JSON, status: {} };
        expect(parseHpa(JSON.stringify(fresh))).to.deep.equal({
            currentReplicas: undefined,
            desiredReplicas: undefined,
            minReplicas: 1,
            maxReplicas: 5,
            metrics: [],
            specMetrics: [
                { type: "Pods", name: "vllm_num_requests_running", averageValue: 4 },
                { type: "Pods", name: "gpu_utilization_percent", averageValue: 20 },
                { type: "Resource", name: "cpu", averageValue: undefined },
            ],
            behavior: undefined,
            holdReason: undefined,
        });
        expect(() => parseHpa("not json")).to.throw("kubectl printed something that is not JSON");
        expect(() => parseHpa('{"kind":"Deployment"}')).to.throw(
            "kubectl returned Deployment where a HorizontalPodAutoscaler was expected",
        );
    });

    it("runs `kubectl get hpa NAME -n NS -o json` with KUBECONFIG set", async () => {
        const status = await readHpa(target());
        expect(status.desiredReplicas).to.equal(3);
        expect(kubectl.calls()).to.deep.equal([
            `get hpa inference-vllm -n vllm-example -o json|KUBECONFIG=${kubeconfig}`,
        ]);
    });

    it("reports kubectl's error as a reading, and recovers when kubectl works again", async () => {
        kubectl.fail(
            'Error from server (NotFound): horizontalpodautoscalers.autoscaling "inference-vllm" not found\n',
        );
        const watcher = new HpaWatcher(target(), 50);
        try {
            await watcher.start();
            expect(watcher.latest).to.deep.include({
                error: 'Error from server (NotFound): horizontalpodautoscalers.autoscaling "inference-vllm" not found',
            });
            expect(formatHpa(target(), watcher.latest)).to.equal(
                'hpa vllm-example/inference-vllm: cannot read (Error from server (NotFound): horizontalpodautoscalers.autoscaling "inference-vllm" not found)',
            );
            kubectl.respond(HPA_JSON);
            const deadline = Date.now() + 3000;
            while (watcher.latest && "error" in watcher.latest && Date.now() < deadline) {
                await new Promise((r) => setTimeout(r, 20));
            }
            expect(formatHpa(target(), watcher.latest)).to.equal(
                "hpa vllm-example/inference-vllm: replicas 2 current, 3 desired (1..5)  " +
                    "vllm_num_requests_running 4500m/4  gpu_utilization_percent 37/20  cpu 12%/90%",
            );
        } finally {
            await watcher.stop();
        }
        const calls = kubectl.calls().length;
        await new Promise((r) => setTimeout(r, 200));
        expect(kubectl.calls().length, "no kubectl runs after stop()").to.equal(calls);
    });

    it("takes the reason out of kubectl's stderr, skipping klog noise", async () => {
        const stderr = [
            'E1123 17:51:18.950576   22169 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list"',
            'E1123 17:51:18.952000   22169 memcache.go:265] "Unhandled Error" err="again"',
            "The connection to the server localhost:8080 was refused - did you specify the right host or port?",
            "",
        ].join("\n");
        expect(kubectlReason(stderr)).to.equal(
            "The connection to the server localhost:8080 was refused - did you specify the right host or port?",
        );
        expect(kubectlReason("E1123 17:51:18.950576   1 x.go:1] only klog\n")).to.equal(
            "E1123 17:51:18.950576   1 x.go:1] only klog",
        );
        expect(kubectlReason("")).to.equal(undefined);
        kubectl.fail(stderr);
        let message = "";
        await readHpa(target()).catch((err: Error) => (message = err.message));
        expect(message).to.equal(
            "The connection to the server localhost:8080 was refused - did you specify the right host or port?",
        );
    });

    it("reports a kubectl that is not installed, or that prints garbage, without throwing", async () => {
        kubectl.restorePath();
        const missing = new HpaWatcher(target(), 1000, {
            kubectl: path.join(kubectl.dir, "no-such-kubectl"),
        });
        await missing.start();
        await missing.stop();
        expect(missing.latest).to.deep.include({
            error: `${path.join(kubectl.dir, "no-such-kubectl")}: command not found`,
        });

        kubectl.installOnPath();
        kubectl.respond("Unable to connect to the server");
        const garbage = new HpaWatcher(target(), 1000);
        await garbage.start();
        await garbage.stop();
        expect(garbage.latest).to.deep.include({
            error: "kubectl printed something that is not JSON",
        });
    });
});
