export * from "./channel";
export * from "./templates/layout";
export * from "./email";
export * from "./reminders";
export * from "./sms";
export * from "./push";
