// jsdom has no layout, so no ResizeObserver; Svelte's bind:clientHeight needs one to exist.
// Sizes simply stay 0 in tests, which the virtual table handles (it renders the overscan rows).
class NoLayoutResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

globalThis.ResizeObserver ??= NoLayoutResizeObserver;
