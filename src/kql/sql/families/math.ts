/** math functions: IR → DuckDB SQL (lowering in lower/families/math.ts). */
import type { Template } from '../functions.ts';

export const SQL: Record<string, Template> = {};

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [];
