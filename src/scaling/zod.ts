/**
 * zod, as every schema in paramscope uses it: `jitless`, so that it never compiles a validator
 * with `Function()`. zod probes for that ability with `Function('')` on its first object
 * schema, and a page whose Content-Security-Policy lacks 'unsafe-eval' reports the probe as a
 * violation even though zod catches the error (docs/embedding.md, e2e/csp.spec.ts). Our
 * records are small: interpreting their schemas costs nothing that shows.
 *
 * The setting is zod's one global; this module is the one place that sets it, before any of
 * our schemas is declared (import `z` from here, not from 'zod').
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
