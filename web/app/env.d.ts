// The .ftl files are bundled as text by the build (web/build.ts).
declare module '*.ftl' {
  const source: string;
  export default source;
}

// Stylesheets are bundled into one CSS file by the build.
declare module '*.css';
