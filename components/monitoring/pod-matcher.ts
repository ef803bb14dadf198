/**
 * Label matcher for the pods of a Deployment: `<name>-<pod-template-hash (≤10)>-<5-char suffix>`,
 * so a longer-named Deployment sharing the prefix (`<name>-v2-…`) or a StatefulSet pod does not match.
 * Both collection modes' queries and the alert rules select a model's pods with it.
 */
export function deploymentPodMatcher(deploymentName: string): string {
    return `pod=~"${deploymentName.replace(/\./g, "\\\\.")}-[a-z0-9]{1,10}-[a-z0-9]{5}"`;
}
