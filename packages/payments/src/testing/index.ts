export {};
export * from "./razorpay-standin";
