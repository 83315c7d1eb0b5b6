/**
 * Engine set-up shared by the Node and browser engines: session settings, Arrow validation and
 * the JavaScript scalar functions the compiler relies on.
 */
import { RecordBatchReader, RecordBatchStreamWriter, type Table, tableFromIPC } from 'apache-arrow';
import { MACROS_SQL } from '../kql/sql/macros.ts';
import { EngineError } from './types.ts';

/**
 * Run right after connecting. json/parquet/icu are not available offline and autoloading them
 * hangs, so nothing may be autoloaded. Times are plain TIMESTAMP, UTC by convention.
 */
export const SESSION_SETUP_SQL = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  ...MACROS_SQL,
];

/** Run once the datasets are loaded: no SQL may reach files or URLs after this. */
export const LOCKDOWN_SQL = ['SET enable_external_access = false', 'SET lock_configuration = true'];

/**
 * DuckDB-WASM reads only the Arrow *stream* format and silently ignores a buffer it cannot read
 * (and every later insert on the connection), so every buffer is decoded here first and
 * re-encoded as a stream. Returns the stream bytes and the row count to check after loading.
 */
export function toArrowStream(ipc: Uint8Array, what: string): { stream: Uint8Array; rows: number; table: Table } {
  let table: Table;
  try {
    const reader = RecordBatchReader.from(ipc);
    table = tableFromIPC(reader as any);
  } catch (e) {
    throw new EngineError(`${what}: not a readable Arrow IPC file or stream (${(e as Error).message})`, 'HB901');
  }
  if (table.schema.fields.length === 0) throw new EngineError(`${what}: Arrow data has no columns`, 'HB901');
  const stream = RecordBatchStreamWriter.writeAll(table).toUint8Array(true);
  return { stream, rows: table.numRows, table };
}

/** SQL identifiers and string literals: the one SQL quoter is the compiler's (kql/sql/quote.ts). */
export { ident as quoteIdent, str as quoteString } from '../kql/sql/quote.ts';
