#!/usr/bin/env node
// Entry point of the `huntbench` command: the CLI is TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();

// stdout carries results only (the CLI writes them with process.stdout.write): anything a library
// logs goes to stderr.
console.log = console.info = console.debug = console.error;

process.stdout.on('error', (e) => {
  // `huntbench … | head` closes the pipe early: that is not an error
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

try {
  const { run } = await import('../src/cli/main.ts');
  const code = await run(process.argv.slice(2));
  process.exit(code);
} catch (e) {
  process.stderr.write(`error HB999 at 1:1: internal error: ${e?.message ?? e}\n`);
  process.exit(1);
}
