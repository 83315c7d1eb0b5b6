/// <reference types="vite/client" />
// Svelte components are type-checked by svelte-check; tsc only needs to know they are components.
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<any>;
  export default component;
}
