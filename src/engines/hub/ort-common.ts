/**
 * What transformers.js imports from `onnxruntime-common`, given from the page's one
 * onnxruntime-web (vite.config.ts aliases the package here). onnxruntime-web's builds inline
 * their own copy of onnxruntime-common; a second copy would be a second `Tensor` class beside
 * the one the sessions make, and more code in the bundle for nothing.
 */
export * from 'onnxruntime-web';
