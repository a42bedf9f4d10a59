export * from "./auth";
export * from "./common";
export * from "./organization";
export * from "./patient";
export * from "./structure";
export * from "./scheduling";
export * from "./appointment";
export * from "./public";
