// Everything a screen needs from the backend: the call and error plumbing, and one typed
// function per command, generated from the Rust command table (`cargo xtask bindings`).
export * from './ipc';
export * from './bindings/commands';
