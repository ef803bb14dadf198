import * as pulumi from "@pulumi/pulumi";
import { cloudModule } from "../components/clouds";
import { StackSettings } from "./stack-config";

/**
 * The kubeconfig the program uses (always a secret): the one in stack config if set, else one
 * built from the cloud's cluster (its cloud module knows how), else none (the ambient kubeconfig
 * and `kubeContext`).
 */
export function stackKubeconfig(settings: StackSettings): pulumi.Output<string> | undefined {
    return (
        settings.kubeconfig ??
        cloudModule(settings.args.cloud ?? "generic").kubeconfig(settings.args)
    );
}
