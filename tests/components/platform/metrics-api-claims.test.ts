/**
 * One server per aggregated metrics API per cluster: two platforms whose metrics servers would
 * claim the same APIService through the same Kubernetes provider are refused before anything is
 * made; through different providers (clusters), or for different APIs, they are not.
 */
import { expect } from "chai";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    InferenceAutoscaling,
    InferencePlatform,
    InferencePlatformArgs,
} from "../../../components";
import { claimMetricsApi } from "../../../components/platform/metrics-api-claims";
import { resolvePlatform } from "../../../components/platform/resolve";
import { runProgram } from "../../mocks";

const GENERIC: InferencePlatformArgs = { cloud: "generic" };
const SERVER = {
    namespace: "embed",
    deploymentName: "embed-vllm",
    podLabels: { app: "embed-vllm" },
    metricsPort: 8000,
};

describe("one metrics API server per cluster", () => {
    it("refuses a second platform serving custom.metrics.k8s.io through the same provider, naming both", async () => {
        let thrown: unknown;
        await runProgram(() => {
            const cluster = new k8s.Provider("cluster", { kubeconfig: "{}" });
            const first = new InferencePlatform("platform", GENERIC, { providers: [cluster] });
            try {
                new InferencePlatform("other", GENERIC, { providers: [cluster] });
            } catch (e) {
                thrown = e;
            }
            return [first.prometheusUrl];
        });
        expect(thrown).to.be.instanceOf(pulumi.RunError);
        expect((thrown as Error).message).to.equal(
            'InferencePlatform "other" and "platform" both install a server for custom.metrics.k8s.io through the same ' +
                "Kubernetes provider: one cluster has one APIService per API, so the second would take it from the first. " +
                "Make one platform and add every model to it (ModelAutoscaler with its connection), or give the second " +
                "platform a provider for another cluster",
        );
    });

    it("refuses a platform and an InferenceAutoscaling (which brings its own) on the default provider", async () => {
        let thrown: unknown;
        await runProgram(() => {
            const platform = new InferencePlatform("platform", GENERIC);
            try {
                new InferenceAutoscaling("embed", { cloud: "generic", server: SERVER });
            } catch (e) {
                thrown = e;
            }
            return [platform.prometheusUrl];
        });
        expect((thrown as Error).message).to.match(
            /^InferencePlatform "embed" and "platform" both install a server for custom\.metrics\.k8s\.io through the default Kubernetes provider/,
        );
    });

    it("accepts two platforms on two clusters, and two APIs (prometheus-adapter, KEDA) on one", async () => {
        await runProgram(() => {
            const a = new k8s.Provider("a", { kubeconfig: "{}" });
            const b = new k8s.Provider("b", { kubeconfig: "{}" });
            return [
                new InferencePlatform("one", GENERIC, { providers: [a] }).prometheusUrl,
                new InferencePlatform("two", GENERIC, { providers: [b] }).prometheusUrl,
                new InferencePlatform(
                    "scaled-by-keda",
                    { ...GENERIC, backend: "keda" },
                    { providers: [a] },
                ).prometheusUrl,
            ];
        });
    });

    it("refuses, by URN, the same provider passed from another language (a new object per component)", async () => {
        const ref = "urn:pulumi:stack::project::pulumi:providers:kubernetes::cluster::provider-id";
        let check: Promise<void> | undefined;
        await runProgram(() => {
            const first = new pulumi.ComponentResource(
                "t:index:P",
                "first",
                {},
                {
                    providers: [new pulumi.DependencyProviderResource(ref)],
                },
            );
            const second = new pulumi.ComponentResource(
                "t:index:P",
                "second",
                {},
                {
                    providers: [new pulumi.DependencyProviderResource(ref)],
                },
            );
            void claimMetricsApi(resolvePlatform("first", GENERIC), first);
            check = claimMetricsApi(resolvePlatform("second", GENERIC), second);
            return [first.urn, second.urn];
        });
        let thrown: unknown;
        await check!.catch((e: unknown) => (thrown = e));
        expect((thrown as Error).message).to.match(
            /^InferencePlatform "second" and "first" both install a server for custom\.metrics\.k8s\.io through provider urn:pulumi:stack::project::pulumi:providers:kubernetes::cluster:/,
        );
    });
});
