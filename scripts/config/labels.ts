/** The words of the interface that every format writes around the author's text. `{title}` and `{query}` are filled in. */
export const labelKeys = [
  'contents',
  'tableOfContents',
  'search',
  'searchBook',
  'noResults',
  'skipToText',
  'linkToSection',
  'chapters',
  'landmarks',
  'cover',
  'coverOf',
  'startOfText',
  'footnotes',
  'backToText',
] as const;

export type LabelKey = (typeof labelKeys)[number];
export type Labels = Readonly<Record<LabelKey, string>>;

const row = (...words: string[]): Labels => Object.fromEntries(labelKeys.map((key, index) => [key, words[index]!])) as Labels;

// No maintained package carries these interface words for books; they follow the terms that
// e-readers and browsers use in each language.
/** The interface's words by language (BCP 47 primary tag, or Chinese by script). */
const table: Readonly<Record<string, Labels>> = {
  en: row('Contents', 'Table of contents', 'Search', 'Search the book', 'No results for “{query}”', 'Skip to the text', 'Link to this section', 'Chapters', 'Landmarks', 'Cover', 'Cover of {title}', 'Start of the text', 'Footnotes', 'Back to the text'),
  de: row('Inhalt', 'Inhaltsverzeichnis', 'Suchen', 'Im Buch suchen', 'Keine Ergebnisse für „{query}“', 'Zum Text springen', 'Link zu diesem Abschnitt', 'Kapitel', 'Orientierungspunkte', 'Umschlag', 'Umschlag von {title}', 'Beginn des Textes', 'Fußnoten', 'Zurück zum Text'),
  fr: row('Sommaire', 'Table des matières', 'Rechercher', 'Rechercher dans le livre', 'Aucun résultat pour « {query} »', 'Aller au texte', 'Lien vers cette section', 'Chapitres', 'Repères', 'Couverture', 'Couverture de {title}', 'Début du texte', 'Notes', 'Retour au texte'),
  es: row('Contenido', 'Índice', 'Buscar', 'Buscar en el libro', 'No hay resultados para «{query}»', 'Ir al texto', 'Enlace a esta sección', 'Capítulos', 'Puntos de referencia', 'Cubierta', 'Cubierta de {title}', 'Inicio del texto', 'Notas', 'Volver al texto'),
  it: row('Sommario', 'Indice', 'Cerca', 'Cerca nel libro', 'Nessun risultato per «{query}»', 'Vai al testo', 'Link a questa sezione', 'Capitoli', 'Punti di riferimento', 'Copertina', 'Copertina di {title}', 'Inizio del testo', 'Note', 'Torna al testo'),
  pt: row('Sumário', 'Índice', 'Pesquisar', 'Pesquisar no livro', 'Nenhum resultado para “{query}”', 'Ir para o texto', 'Link para esta seção', 'Capítulos', 'Pontos de referência', 'Capa', 'Capa de {title}', 'Início do texto', 'Notas', 'Voltar ao texto'),
  nl: row('Inhoud', 'Inhoudsopgave', 'Zoeken', 'Zoeken in het boek', 'Geen resultaten voor ‘{query}’', 'Naar de tekst', 'Link naar deze sectie', 'Hoofdstukken', 'Oriëntatiepunten', 'Omslag', 'Omslag van {title}', 'Begin van de tekst', 'Voetnoten', 'Terug naar de tekst'),
  pl: row('Spis treści', 'Spis treści', 'Szukaj', 'Szukaj w książce', 'Brak wyników dla „{query}”', 'Przejdź do tekstu', 'Link do tej sekcji', 'Rozdziały', 'Punkty orientacyjne', 'Okładka', 'Okładka: {title}', 'Początek tekstu', 'Przypisy', 'Powrót do tekstu'),
  ru: row('Содержание', 'Оглавление', 'Поиск', 'Поиск по книге', 'По запросу «{query}» ничего не найдено', 'Перейти к тексту', 'Ссылка на этот раздел', 'Главы', 'Ориентиры', 'Обложка', 'Обложка книги «{title}»', 'Начало текста', 'Примечания', 'Назад к тексту'),
  uk: row('Зміст', 'Зміст', 'Пошук', 'Пошук у книзі', 'За запитом «{query}» нічого не знайдено', 'Перейти до тексту', 'Посилання на цей розділ', 'Розділи', 'Орієнтири', 'Обкладинка', 'Обкладинка книги «{title}»', 'Початок тексту', 'Примітки', 'Назад до тексту'),
  tr: row('İçindekiler', 'İçindekiler', 'Ara', 'Kitapta ara', '“{query}” için sonuç yok', 'Metne geç', 'Bu bölümün bağlantısı', 'Bölümler', 'Yer işaretleri', 'Kapak', '{title} kapağı', 'Metnin başlangıcı', 'Dipnotlar', 'Metne dön'),
  ar: row('المحتويات', 'جدول المحتويات', 'بحث', 'ابحث في الكتاب', 'لا توجد نتائج لـ «{query}»', 'انتقل إلى النص', 'رابط إلى هذا القسم', 'الفصول', 'معالم الكتاب', 'الغلاف', 'غلاف {title}', 'بداية النص', 'الحواشي', 'العودة إلى النص'),
  fa: row('فهرست', 'فهرست مطالب', 'جستجو', 'جستجو در کتاب', 'نتیجه‌ای برای «{query}» یافت نشد', 'رفتن به متن', 'پیوند به این بخش', 'فصل‌ها', 'نشانه‌ها', 'جلد', 'جلد {title}', 'آغاز متن', 'پانویس‌ها', 'بازگشت به متن'),
  he: row('תוכן', 'תוכן העניינים', 'חיפוש', 'חיפוש בספר', 'אין תוצאות עבור „{query}”', 'דילוג לטקסט', 'קישור לסעיף זה', 'פרקים', 'ציוני דרך', 'כריכה', 'הכריכה של {title}', 'תחילת הטקסט', 'הערות שוליים', 'חזרה לטקסט'),
  hi: row('विषय-सूची', 'विषय-सूची', 'खोजें', 'पुस्तक में खोजें', '“{query}” के लिए कोई परिणाम नहीं', 'पाठ पर जाएँ', 'इस खंड का लिंक', 'अध्याय', 'लैंडमार्क', 'आवरण', '{title} का आवरण', 'पाठ का आरंभ', 'पादटिप्पणियाँ', 'पाठ पर लौटें'),
  'zh-hans': row('目录', '目录', '搜索', '搜索本书', '没有找到“{query}”的结果', '跳到正文', '本节链接', '章节', '导航标志', '封面', '《{title}》封面', '正文开始', '脚注', '返回正文'),
  'zh-hant': row('目錄', '目錄', '搜尋', '搜尋本書', '找不到「{query}」的結果', '跳至正文', '本節連結', '章節', '導覽標誌', '封面', '《{title}》封面', '正文開始', '註腳', '返回正文'),
  ja: row('目次', '目次', '検索', '本を検索', '「{query}」に一致する結果はありません', '本文へ移動', 'このセクションへのリンク', '章', 'ランドマーク', '表紙', '『{title}』の表紙', '本文の始まり', '脚注', '本文に戻る'),
  ko: row('목차', '목차', '검색', '책에서 검색', '“{query}”에 대한 결과가 없습니다', '본문으로 건너뛰기', '이 섹션 링크', '장', '랜드마크', '표지', '《{title}》 표지', '본문 시작', '각주', '본문으로 돌아가기'),
};

/**
 * The interface's words for a language: its own row of the table (Chinese by script: `zh-TW`,
 * `zh-HK` and `zh-Hant` are Traditional, other `zh` Simplified), with book.yaml's `labels` over
 * them; `known` is false where the table has no row and English stands in.
 */
export function labelsFor(language: string, overrides: Partial<Record<LabelKey, string>> = {}): { labels: Labels; known: boolean } {
  const tag = language.toLowerCase();
  const primary = tag.split('-')[0]!;
  const key = primary === 'zh' ? (/-(hant|tw|hk|mo)\b/.test(tag) ? 'zh-hant' : 'zh-hans') : primary;
  const own = table[key];
  return { labels: { ...(own ?? table.en!), ...overrides }, known: own !== undefined };
}

/** A label with its `{title}` or `{query}` filled in. */
export function fill(label: string, values: Readonly<Record<string, string>>): string {
  return label.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
