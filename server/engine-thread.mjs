// Engine thread entry: loads the TypeScript host through tsx, once per thread.
import { register } from "tsx/esm/api";

register();
await import("./engine-host.ts");
