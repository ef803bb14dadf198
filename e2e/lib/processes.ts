/**
 * Long-running programs of an e2e run (the control plane, Prometheus, the adapter): each logs to a
 * file of its own, and all are stopped at the end. The run's PID namespace is the backstop: when
 * the driver exits, the kernel kills whatever is left in it.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface Started {
    name: string;
    child: ChildProcess;
    log: string;
}

const running: Started[] = [];

/** Starts `command` with its output in `<logDir>/<name>.log`; throws at once if it cannot start. */
export function start(
    name: string,
    command: string,
    args: string[],
    logDir: string,
    env: NodeJS.ProcessEnv = process.env,
): Started {
    const log = path.join(logDir, `${name}.log`);
    const fd = fs.openSync(log, "a");
    const child = spawn(command, args, { stdio: ["ignore", fd, fd], env });
    fs.closeSync(fd);
    const started = { name, child, log };
    running.push(started);
    child.on("exit", (code, signal) => {
        fs.appendFileSync(log, `\n[e2e] ${name} exited: ${signal ?? code}\n`);
    });
    return started;
}

/** True while the program runs. */
export function alive(p: Started): boolean {
    return p.child.exitCode === null && p.child.signalCode === null;
}

/** The last lines of a program's log, for a failure message. */
export function tail(p: Started, lines = 15): string {
    return fs.readFileSync(p.log, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

/** Stops one program: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(p: Started, graceMs = 5000): Promise<void> {
    if (!alive(p)) {
        return;
    }
    const exited = new Promise((resolve) => p.child.once("exit", resolve));
    p.child.kill("SIGTERM");
    const timer = setTimeout(() => p.child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
    running.splice(running.indexOf(p), 1);
}

/** Stops every program still running, newest first. */
export async function stopAll(): Promise<void> {
    for (const p of [...running].reverse()) {
        await stop(p);
    }
}
