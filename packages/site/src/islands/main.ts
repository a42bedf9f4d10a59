// Placeholder entry; the islands land next.
export {};
