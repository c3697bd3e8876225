// Data files bundled as text by esbuild (see scripts/build.mjs `loader`).
declare module '*.scm' {
  const text: string;
  export default text;
}
declare module '*.njk' {
  const text: string;
  export default text;
}
