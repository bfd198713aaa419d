/**
 * Which execution provider onnxruntime really put each node on. ORT decides when the session
 * is created and says so only in its verbose log ("Node(s) placed on [JsExecutionProvider].
 * Number of nodes: 47"), which onnxruntime-web writes to the console. So the engine captures
 * the console while the session is created and reads the placement from it: a node that fell
 * back to the CPU is reported, never hidden.
 */

export interface NodePlacement {
  /** Nodes per ORT provider name, e.g. { JsExecutionProvider: 47, CPUExecutionProvider: 14 }. */
  readonly nodesByProvider: Readonly<Record<string, number>>;
  /** `Op type (node name)` of each node the GPU provider had no kernel for. */
  readonly notOnGpu: readonly string[];
}

/** ORT's internal provider names → the names our results use. */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  JsExecutionProvider: 'webgpu', // onnxruntime-web's WebGPU EP (JSEP)
  WebGpuExecutionProvider: 'webgpu', // the native WebGPU EP, where a build has it
  CPUExecutionProvider: 'wasm', // in the browser the CPU provider is the WASM build
};

// "All nodes placed on [X]" when one provider takes everything, "Node(s) placed on [X]" per
// provider otherwise.
const PLACED = /(?:All nodes|Node\(s\)) placed on \[(\w+)\]\. Number of nodes: (\d+)/;
const NO_KERNEL = /kernel not found in registries for Op type: (\w+) node name: (\S+)/;

export function parsePlacement(lines: readonly string[]): NodePlacement {
  const nodesByProvider: Record<string, number> = {};
  const notOnGpu = new Set<string>();
  for (const line of lines) {
    const placed = PLACED.exec(line);
    if (placed) nodesByProvider[placed[1]!] = Number(placed[2]);
    const missing = NO_KERNEL.exec(line);
    if (missing) notOnGpu.add(`${missing[1]} (${missing[2]})`);
  }
  return { nodesByProvider, notOnGpu: [...notOnGpu] };
}

/** `webgpu`, `wasm`, or `webgpu+wasm` (GPU first), from a placement; `unknown` without one. */
export function providerLabel(placement: NodePlacement): string {
  const names = new Set(
    Object.keys(placement.nodesByProvider).map((ort) => PROVIDER_NAMES[ort] ?? ort),
  );
  if (names.size === 0) return 'unknown';
  return [...names]
    .sort((a, b) => (a === 'wasm' ? 1 : b === 'wasm' ? -1 : a.localeCompare(b)))
    .join('+');
}

type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';
const LEVELS: readonly ConsoleLevel[] = ['log', 'info', 'warn', 'error', 'debug'];

/** Where captured lines go; the innermost capture wins. */
const sinks: string[][] = [];

/** ORT's informational lines (`[V:onnxruntime…]`, `[I:onnxruntime…]`) are not for the page's console. */
const ORT_CHATTER = /\[[VI]:onnxruntime/;

let routers: Record<ConsoleLevel, (...args: unknown[]) => void> | undefined;

/**
 * One router per console level, made once. onnxruntime-web's WebAssembly runtime binds the
 * console functions it finds when it starts and keeps them; if it starts during a capture it
 * binds these routers, which send its output to the capture in progress, and otherwise to the
 * real console (less ORT's informational chatter).
 */
function consoleRouters(): Record<ConsoleLevel, (...args: unknown[]) => void> {
  if (!routers) {
    const originals = Object.fromEntries(LEVELS.map((level) => [level, console[level]]));
    const route =
      (level: ConsoleLevel) =>
      (...args: unknown[]) => {
        const line = args.map(String).join(' ');
        const sink = sinks[sinks.length - 1];
        if (sink) sink.push(line);
        else if (!ORT_CHATTER.test(line)) originals[level]!.apply(console, args);
      };
    routers = Object.fromEntries(LEVELS.map((level) => [level, route(level)])) as Record<
      ConsoleLevel,
      (...args: unknown[]) => void
    >;
  }
  return routers;
}

/**
 * Runs `work` with the console's output collected instead of printed (ORT's verbose log would
 * otherwise flood the page's console with hundreds of lines, as errors).
 */
export async function withCapturedConsole<T>(work: () => Promise<T>): Promise<[T, string[]]> {
  const route = consoleRouters();
  const lines: string[] = [];
  const originals = LEVELS.map((level) => [level, console[level]] as const);
  for (const level of LEVELS) console[level] = route[level];
  sinks.push(lines);
  try {
    return [await work(), lines];
  } finally {
    sinks.splice(sinks.indexOf(lines), 1);
    for (const [level, original] of originals) console[level] = original;
  }
}
