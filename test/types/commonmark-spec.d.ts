// commonmark-spec ships no typings: the CommonMark spec's examples, as parsed by its index.js.
declare module 'commonmark-spec' {
  export interface SpecExample {
    /** Tabs are written as `→` in the spec. */
    readonly markdown: string;
    readonly html: string;
    readonly section: string;
    readonly number: number;
  }
  const spec: { readonly version: string; readonly tests: readonly SpecExample[] };
  export default spec;
}
