// Bridge.NET scripts look for `global`; browsers and workers only have `globalThis`.
(globalThis as any).global ??= globalThis;
