import { expect } from "chai";
import { acceleratorsOn, GPU_MACHINES, pickMachine } from "../../../components/clouds/machines";
import { GKE_ACCELERATOR_TYPES } from "../../../components/clouds/gke/machines";

describe("accelerator and machine table", () => {
    it("offers at least L4, A100 and H100 on GKE, each with a GKE accelerator type", () => {
        const offered = acceleratorsOn("gke");
        expect(offered).to.include.members([
            "nvidia-l4",
            "nvidia-a100-40gb",
            "nvidia-a100-80gb",
            "nvidia-h100-80gb",
        ]);
        for (const a of offered) {
            expect(GKE_ACCELERATOR_TYPES[a], a).to.be.a("string");
        }
    });

    it("picks the smallest machine holding the asked GPU count", () => {
        expect(pickMachine("gke", "nvidia-l4", 1)?.machineType).to.equal("g2-standard-4");
        expect(pickMachine("gke", "nvidia-l4", 2)?.machineType).to.equal("g2-standard-24");
        expect(pickMachine("eks", "nvidia-a10g", 4)?.machineType).to.equal("g5.12xlarge");
        expect(pickMachine("aks", "nvidia-a100-80gb", 1)?.machineType).to.equal(
            "Standard_NC24ads_A100_v4",
        );
        expect(pickMachine("gke", "nvidia-t4", 2, "n1-standard-8")?.machineType).to.equal(
            "n1-standard-8",
        );
    });

    it("finds no machine for a count a machine type cannot hold", () => {
        expect(pickMachine("eks", "nvidia-h100-80gb", 1)).to.equal(undefined);
        expect(pickMachine("gke", "nvidia-l4", 1, "g2-standard-24")).to.equal(undefined);
    });

    it("lists each machine type once per cloud", () => {
        for (const [cloud, machines] of Object.entries(GPU_MACHINES)) {
            const types = machines.map((m) => m.machineType);
            expect(new Set(types).size, cloud).to.equal(types.length);
        }
    });
});
