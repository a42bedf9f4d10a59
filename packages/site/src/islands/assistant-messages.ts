// The assistant island's words, English and Arabic, and `t(key, values)` over them.

export const assistantMessagesEn = {
  "assistant.open": "Ask {practice}",
  "assistant.title": "Ask {practice}",
  "assistant.close": "Close the chat",
  "assistant.log": "Conversation",
  "assistant.you": "You",
  "assistant.assistant": "Assistant",
  "assistant.greeting": "Hi! Ask me about opening hours, doctors, prices or a free time.",
  "assistant.suggestions": "Suggested questions",
  "assistant.suggestHours": "When are you open?",
  "assistant.suggestDoctors": "Which doctors work here?",
  "assistant.suggestPrices": "How much is a consultation?",
  "assistant.suggestFree": "When is the next free time?",
  "assistant.question": "Your question",
  "assistant.questionHint": "Enter sends. Shift+Enter starts a new line.",
  "assistant.send": "Send",
  "assistant.typing": "Assistant is typing",
  "assistant.restoring": "Loading your conversation…",
  "assistant.network": "Couldn't reach the assistant. Try again.",
  "assistant.rateLimited":
    "You've sent many questions in a short time. Wait a minute, then try again.",
  "assistant.retry": "Try again",
  "assistant.call": "Or call us: {phone}",
  "assistant.source": "Source:",
  "assistant.emergency": "Emergency",
  "assistant.delete": "Delete conversation",
  "assistant.deleteConfirm": "Delete this conversation? It can't be brought back.",
  "assistant.deleteYes": "Delete",
  "assistant.deleteNo": "Keep it",
  "assistant.deleteFailed": "The conversation could not be deleted. Try again.",
  "assistant.deleted": "Conversation deleted.",
  "assistant.talkToPerson": "Talk to a person",
  "assistant.handoverTitle": "Ask the practice to call you",
  "assistant.name": "Your name",
  "assistant.nameRequired": "Enter your name",
  "assistant.phone": "Phone number",
  "assistant.phoneRequired": "Enter a phone number",
  "assistant.note": "Note (optional)",
  "assistant.handoverSend": "Ask for a call",
  "assistant.sending": "Sending…",
  "assistant.cancel": "Cancel",
  "assistant.handoverDone": "Thank you. Someone from the practice will call you at {phone}.",
} as const;

export type AssistantMessageKey = keyof typeof assistantMessagesEn;

export const assistantMessagesAr: Record<AssistantMessageKey, string> = {
  "assistant.open": "اسأل {practice}",
  "assistant.title": "اسأل {practice}",
  "assistant.close": "أغلق المحادثة",
  "assistant.log": "المحادثة",
  "assistant.you": "أنت",
  "assistant.assistant": "المساعد",
  "assistant.greeting": "مرحبًا! اسألني عن مواعيد العمل أو الأطباء أو الأسعار أو أقرب موعد متاح.",
  "assistant.suggestions": "أسئلة مقترحة",
  "assistant.suggestHours": "ما مواعيد العمل؟",
  "assistant.suggestDoctors": "من الأطباء لديكم؟",
  "assistant.suggestPrices": "كم سعر الكشف؟",
  "assistant.suggestFree": "متى أقرب موعد متاح؟",
  "assistant.question": "سؤالك",
  "assistant.questionHint": "Enter للإرسال، وShift+Enter لسطر جديد.",
  "assistant.send": "إرسال",
  "assistant.typing": "المساعد يكتب",
  "assistant.restoring": "جارٍ تحميل محادثتك…",
  "assistant.network": "تعذّر الوصول إلى المساعد. حاول مرة أخرى.",
  "assistant.rateLimited": "أرسلت أسئلة كثيرة في وقت قصير. انتظر دقيقة ثم حاول مرة أخرى.",
  "assistant.retry": "حاول مرة أخرى",
  "assistant.call": "أو اتصل بنا: {phone}",
  "assistant.source": "المصدر:",
  "assistant.emergency": "حالة طارئة",
  "assistant.delete": "احذف المحادثة",
  "assistant.deleteConfirm": "هل تحذف هذه المحادثة؟ لا يمكن استرجاعها.",
  "assistant.deleteYes": "احذف",
  "assistant.deleteNo": "أبقِها",
  "assistant.deleteFailed": "تعذّر حذف المحادثة. حاول مرة أخرى.",
  "assistant.deleted": "حُذفت المحادثة.",
  "assistant.talkToPerson": "تحدّث إلى موظف",
  "assistant.handoverTitle": "اطلب أن تتصل بك العيادة",
  "assistant.name": "اسمك",
  "assistant.nameRequired": "أدخل اسمك",
  "assistant.phone": "رقم الهاتف",
  "assistant.phoneRequired": "أدخل رقم الهاتف",
  "assistant.note": "ملاحظة (اختيارية)",
  "assistant.handoverSend": "اطلب اتصالًا",
  "assistant.sending": "جارٍ الإرسال…",
  "assistant.cancel": "إلغاء",
  "assistant.handoverDone": "شكرًا لك. سيتصل بك أحد موظفي العيادة على الرقم {phone}.",
};

export type AssistantTranslate = (
  key: AssistantMessageKey,
  values?: Record<string, string | number>,
) => string;

/** `t(key, values)` in the page's language, placeholders filled. */
export function assistantTranslator(lang: "en" | "ar"): AssistantTranslate {
  const words: Record<string, string> = lang === "ar" ? assistantMessagesAr : assistantMessagesEn;
  return (key, values) =>
    (words[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
      values && name in values ? String(values[name]) : whole,
    );
}
