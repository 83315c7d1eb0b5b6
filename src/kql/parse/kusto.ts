/**
 * Loads Microsoft's Kusto.Language (C# compiled to JS with Bridge.NET). The scripts install
 * globals (`Bridge`, `System`, `Kusto`) and expect a `global` object, so the shim runs first.
 * This folder is the only place that touches Bridge objects.
 */
import './global-shim.ts';
import '@kusto/language-service-next/bridge.min.js';
import '@kusto/language-service-next/Kusto.Language.Bridge.min.js';

// Bridge.NET objects are untyped at this boundary.
export const Kusto: any = (globalThis as any).Kusto;
export const Bridge: any = (globalThis as any).Bridge;
