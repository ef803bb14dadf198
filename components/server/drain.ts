/**
 * How a stopping vLLM pod drains. Kubernetes runs the preStop hook before SIGTERM: the pod is
 * already leaving the Service's endpoints, so after `ENDPOINT_REMOVAL_SECONDS` no new request
 * arrives; the hook then waits until the server's own metrics report no running or waiting
 * request (or `drainSeconds` pass), so SIGTERM never cuts a generation, whatever the server does
 * on SIGTERM. A metrics page that times out (a busy server) is asked again; only a refused
 * connection (the server is gone) ends the wait early. The vLLM image ships python3; the script uses its standard library only.
 */
import { getMetric } from "../vocabulary/metrics";

/** Seconds for the pod's removal from the endpoints to reach every node. */
export const ENDPOINT_REMOVAL_SECONDS = 10;

/** Seconds the server gets after SIGTERM to stop, once drained. */
export const SHUTDOWN_SECONDS = 30;

/** The series that count a server's requests in flight: running and waiting (with any fallback names). */
const IN_FLIGHT_SERIES = [
    ...getMetric("vllm_num_requests_running").series,
    ...getMetric("vllm_num_requests_waiting").series,
];

/** The preStop command: wait for endpoint removal, then until no request is in flight or `drainSeconds` pass. */
export function drainCommand(
    port: number,
    drainSeconds: number,
    removalSeconds = ENDPOINT_REMOVAL_SECONDS,
): string[] {
    const script = [
        "import time, urllib.request",
        `deadline = time.time() + ${removalSeconds + drainSeconds}`,
        `time.sleep(${removalSeconds})`,
        `names = ${JSON.stringify(IN_FLIGHT_SERIES)}`,
        "while time.time() < deadline:",
        "    try:",
        `        page = urllib.request.urlopen("http://127.0.0.1:${port}/metrics", timeout=2).read().decode()`,
        "    except Exception as e:",
        // Refused: the server is gone, nothing left to drain. Anything else (a saturated server
        // answering late) is not an answer: ask again.
        "        if isinstance(getattr(e, 'reason', e), ConnectionRefusedError):",
        "            break",
        "        time.sleep(1)",
        "        continue",
        "    busy = sum(float(l.split()[-1]) for l in page.splitlines() if l.split('{')[0].split(' ')[0] in names)",
        "    if busy == 0:",
        "        break",
        "    time.sleep(1)",
    ].join("\n");
    return ["python3", "-c", script];
}

/** The pod's grace period: endpoint removal, the drain, and the server's own shutdown. */
export function gracePeriodSeconds(drainSeconds: number): number {
    return ENDPOINT_REMOVAL_SECONDS + drainSeconds + SHUTDOWN_SECONDS;
}
