export * from "./file";
export * from "./identity";
export * from "./notification";
export * from "./operations";
export * from "./patient";
export * from "./structure";
export * from "./scheduling";
