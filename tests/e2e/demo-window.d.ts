// Brings the demo's `window.__demo` type (declared in its main.ts) into the
// tests' page.evaluate callbacks.
import type {} from '../../packages/demo/src/main.js';
