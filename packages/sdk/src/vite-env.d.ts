// Asset URLs resolved by the bundler (Vite's `?url` suffix).
declare module '*?url' {
  const url: string;
  export default url;
}
