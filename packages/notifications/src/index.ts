export * from "./channel";
export * from "./templates/layout";
export * from "./templates/account";
export * from "./email";
export * from "./reminders";
export * from "./templates/appointment";
export * from "./sms";
export * from "./push";
