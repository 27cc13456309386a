// Arabic and English: the interface strings, ACLED's type names, review states. The page's dir follows the
// language (rtl for Arabic); layout uses CSS logical properties so both directions lay out correctly.

const STRINGS = {
  en: {
    "nav.map": "Map", "nav.review": "Review queue", "nav.api": "API",
    "f.since": "From", "f.until": "To", "f.country": "Country", "f.admin1": "Governorate / province",
    "f.type": "Event type", "f.actor": "Actor", "f.q": "Search text", "f.minfat": "Min. fatalities",
    "f.status": "Review", "f.any": "any", "f.notrejected": "all but rejected", "f.inview": "Only events in the map view",
    "f.sort": "Sort", "f.reset": "Clear", "f.export": "Export:",
    "sort.newest": "newest first", "sort.oldest": "oldest first", "sort.fatalities": "most fatalities",
    "sort.articles": "most reports", "sort.updated": "recently changed",
    "status.unreviewed": "unreviewed", "status.accepted": "accepted", "status.edited": "edited",
    "status.rejected": "rejected",
    "tl.title": "Events per day", "tl.clear": "All dates", "tl.hint": "drag to select dates",
    "auth.login": "Log in", "auth.logout": "Log out", "auth.title": "Reviewer login", "auth.user": "User name",
    "auth.password": "Password", "auth.as": "Reviewer:", "auth.needed": "Log in to review this event.",
    "cancel": "Cancel", "events": "events", "of": "of", "none": "No events match these filters.",
    "loading": "Loading…", "back": "← Back to the map",
    "ev.date": "Date", "ev.type": "Type", "ev.subtype": "Sub-event type", "ev.actor1": "Actor 1",
    "ev.actor2": "Actor 2", "ev.location": "Location", "ev.admin1": "Governorate / province",
    "ev.country": "Country", "ev.coords": "Coordinates", "ev.fatalities": "Fatalities",
    "ev.range": "reported range", "ev.reports": "Reports", "ev.notes": "Notes", "ev.status": "Review",
    "ev.version": "version", "ev.sources": "Sources", "ev.evidence": "Evidence", "ev.merge_reason": "Merged because",
    "ev.founder": "First report: this article founded the event.", "ev.confidence": "confidence",
    "ev.copies": "Wire copies (not counted as sources)", "ev.audit": "History", "ev.noaudit": "No change yet.",
    "ev.edited": "reviewed value", "ev.article": "Article", "ev.otherev": "evidence of another event in this article",
    "ev.legend_current": "evidence of this event", "ev.legend_source": "source",
    "rv.accept": "Accept", "rv.reject": "Reject", "rv.reset": "Mark unreviewed", "rv.edit": "Edit…",
    "rv.save": "Save changes", "rv.comment": "Comment (optional)", "rv.merge": "Merge another event into this one",
    "rv.merge_ph": "event id, e.g. SYR1234567890", "rv.merge_btn": "Merge", "rv.split": "Split this report out",
    "rv.saved": "Saved.", "rv.nochange": "Nothing changed.", "rv.revert": "revert",
    "rq.title": "Review queue", "rq.hint": "Unreviewed events, oldest first. Open one to accept, reject or edit it.",
    "rq.show": "Show",
    "a.edit": "edit", "a.review": "review", "a.split": "split", "a.merge": "merge", "a.revert": "revert",
    "a.recluster": "re-cluster",
  },
  ar: {
    "nav.map": "الخريطة", "nav.review": "قائمة المراجعة", "nav.api": "الواجهة البرمجية",
    "f.since": "من", "f.until": "إلى", "f.country": "البلد", "f.admin1": "المحافظة / الإقليم",
    "f.type": "نوع الحدث", "f.actor": "الفاعل", "f.q": "بحث في النص", "f.minfat": "أدنى عدد للقتلى",
    "f.status": "المراجعة", "f.any": "الكل", "f.notrejected": "الكل عدا المرفوض", "f.inview": "الأحداث الظاهرة في الخريطة فقط",
    "f.sort": "الترتيب", "f.reset": "مسح", "f.export": "تصدير:",
    "sort.newest": "الأحدث أولاً", "sort.oldest": "الأقدم أولاً", "sort.fatalities": "الأكثر قتلى",
    "sort.articles": "الأكثر تقارير", "sort.updated": "المعدَّل مؤخراً",
    "status.unreviewed": "غير مراجَع", "status.accepted": "مقبول", "status.edited": "معدَّل",
    "status.rejected": "مرفوض",
    "tl.title": "الأحداث يومياً", "tl.clear": "كل التواريخ", "tl.hint": "اسحب لتحديد التواريخ",
    "auth.login": "دخول", "auth.logout": "خروج", "auth.title": "دخول المراجِع", "auth.user": "اسم المستخدم",
    "auth.password": "كلمة المرور", "auth.as": "المراجِع:", "auth.needed": "سجّل الدخول لمراجعة هذا الحدث.",
    "cancel": "إلغاء", "events": "حدثاً", "of": "من", "none": "لا أحداث تطابق هذه المرشحات.",
    "loading": "جارٍ التحميل…", "back": "→ العودة إلى الخريطة",
    "ev.date": "التاريخ", "ev.type": "النوع", "ev.subtype": "النوع الفرعي", "ev.actor1": "الفاعل الأول",
    "ev.actor2": "الفاعل الثاني", "ev.location": "المكان", "ev.admin1": "المحافظة / الإقليم",
    "ev.country": "البلد", "ev.coords": "الإحداثيات", "ev.fatalities": "القتلى",
    "ev.range": "المدى المُبلَّغ", "ev.reports": "التقارير", "ev.notes": "ملاحظات", "ev.status": "المراجعة",
    "ev.version": "النسخة", "ev.sources": "المصادر", "ev.evidence": "الأدلة", "ev.merge_reason": "سبب الدمج",
    "ev.founder": "التقرير الأول: هذا المقال أنشأ الحدث.", "ev.confidence": "الثقة",
    "ev.copies": "نسخ وكالات (لا تُعدّ مصادر)", "ev.audit": "السجل", "ev.noaudit": "لا تغييرات بعد.",
    "ev.edited": "قيمة مراجَعة", "ev.article": "المقال", "ev.otherev": "دليل حدث آخر في هذا المقال",
    "ev.legend_current": "دليل هذا الحدث", "ev.legend_source": "مصدر",
    "rv.accept": "قبول", "rv.reject": "رفض", "rv.reset": "إعادة إلى غير مراجَع", "rv.edit": "تعديل…",
    "rv.save": "حفظ التعديلات", "rv.comment": "تعليق (اختياري)", "rv.merge": "دمج حدث آخر في هذا الحدث",
    "rv.merge_ph": "معرّف الحدث، مثل SYR1234567890", "rv.merge_btn": "دمج", "rv.split": "فصل هذا التقرير",
    "rv.saved": "حُفظ.", "rv.nochange": "لا تغيير.", "rv.revert": "تراجع",
    "rq.title": "قائمة المراجعة", "rq.hint": "الأحداث غير المراجَعة، الأقدم أولاً. افتح حدثاً لقبوله أو رفضه أو تعديله.",
    "rq.show": "عرض",
    "a.edit": "تعديل", "a.review": "مراجعة", "a.split": "فصل", "a.merge": "دمج", "a.revert": "تراجع",
    "a.recluster": "إعادة تجميع",
  },
};

const TYPES_AR = {
  "Battles": "معارك", "Explosions/Remote violence": "انفجارات/عنف عن بُعد",
  "Violence against civilians": "عنف ضد المدنيين", "Protests": "احتجاجات", "Riots": "أعمال شغب",
  "Strategic developments": "تطورات استراتيجية",
  "Armed clash": "اشتباك مسلح", "Government regains territory": "استعادة الحكومة أراضيَ",
  "Non-state actor overtakes territory": "سيطرة جهة غير حكومية على أراضٍ", "Chemical weapon": "سلاح كيميائي",
  "Air/drone strike": "غارة جوية/بمسيّرة", "Suicide bomb": "تفجير انتحاري",
  "Shelling/artillery/missile attack": "قصف مدفعي/صاروخي", "Remote explosive/landmine/IED": "عبوة ناسفة/لغم",
  "Grenade": "قنبلة يدوية", "Sexual violence": "عنف جنسي", "Attack": "هجوم",
  "Abduction/forced disappearance": "خطف/إخفاء قسري", "Peaceful protest": "احتجاج سلمي",
  "Protest with intervention": "احتجاج مع تدخل", "Excessive force against protesters": "قوة مفرطة ضد المحتجين",
  "Violent demonstration": "تظاهرة عنيفة", "Mob violence": "عنف الحشود", "Agreement": "اتفاق",
  "Arrests": "اعتقالات", "Change to group/activity": "تغيّر في جماعة/نشاط",
  "Disrupted weapons use": "إحباط استخدام سلاح", "Headquarters or base established": "إنشاء مقر أو قاعدة",
  "Looting/property destruction": "نهب/تدمير ممتلكات", "Non-violent transfer of territory": "انتقال غير عنيف لأراضٍ",
  "Other": "أخرى",
};

export const TYPE_COLORS = {
  "Battles": "#d7263d", "Explosions/Remote violence": "#f46036", "Violence against civilians": "#7b2cbf",
  "Protests": "#2e86ab", "Riots": "#1b998b", "Strategic developments": "#6c757d",
};

let lang = "en";

export function initLang() {
  const url = new URLSearchParams(location.search).get("lang");
  const saved = localStorage.getItem("marsad.lang");
  const nav = (navigator.languages || [navigator.language || "en"]).some((l) => l.startsWith("ar")) ? "ar" : "en";
  setLang(url === "ar" || url === "en" ? url : saved === "ar" || saved === "en" ? saved : nav, false);
}

export function setLang(l, save = true) {
  lang = l;
  if (save) localStorage.setItem("marsad.lang", l);
  document.documentElement.lang = l;
  document.documentElement.dir = l === "ar" ? "rtl" : "ltr";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-ph]")) el.placeholder = t(el.dataset.i18nPh);
}

export function getLang() {
  return lang;
}

export function t(key) {
  return (STRINGS[lang] && STRINGS[lang][key]) || STRINGS.en[key] || key;
}

export function typeName(name) {
  if (!name) return "";
  return lang === "ar" ? TYPES_AR[name] || name : name;
}

export function statusName(s) {
  return t("status." + s);
}

export function fmtDate(iso) {
  if (!iso) return "—";
  const d = new Date(iso + (iso.length === 10 ? "T00:00:00Z" : ""));
  return d.toLocaleDateString(lang === "ar" ? "ar-SY-u-nu-latn" : "en-GB",
    { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}

export function fmtDateTime(iso) {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(lang === "ar" ? "ar-SY-u-nu-latn" : "en-GB",
    { dateStyle: "medium", timeStyle: "short" });
}
