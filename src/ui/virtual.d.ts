declare module 'virtual:example-answer' {
  /** The example's answer as encodeAnswer's text, or null (see src/node/example-answer-plugin.ts). */
  const text: string | null;
  export default text;
}
