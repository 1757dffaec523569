/**
 * `<meta name=…>` in a bundle's index.html; its content is the manifest's file name. Apart from bundle.ts so the
 * page can look for it without loading the bundle's codecs (fflate).
 */
export const BUNDLE_META = 'scalecast-bundle';
