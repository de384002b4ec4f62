//! Short blocks that are the page's furniture though they sit among the article's paragraphs:
//! advertisement labels, counters of a picture gallery, credits, calls to read or share more,
//! and the lines that date or sign the article (shown apart, from the page's metadata).

/// Labels of an advertisement slot, in the languages news pages are most often in.
const AD_LABELS: &[&str] = &[
    "advertisement",
    "advertising",
    "advert",
    "ad",
    "ads",
    "sponsored",
    "anzeige",
    "werbung",
    "publicidad",
    "publicité",
    "pubblicità",
    "reklama",
    "iklan",
    "annonce",
    "publicidade",
];
/// How calls to do something else begin ("Continue reading below", "You may also like…").
const CALLS: &[&str] = &[
    "continue reading",
    "read more",
    "read next",
    "you may also like",
    "you might also like",
    "don't miss",
    "don’t miss",
    "recommended for you",
    "related:",
    "related articles",
    "more from",
    "share this",
    "tell us what you think",
    "follow us",
    "sign up",
    "subscribe to",
    "this slideshow requires",
    "enlarge image",
    "enlarge this image",
    "filed under",
    "reading time",
    "tempo de leitura",
    "scroll to continue",
    "story continues below",
    "article continues below",
    "click here",
    "image 1 of",
];
/// How appeals to pay for the site begin.
const APPEALS: &[&str] = &[
    "if you enjoyed",
    "if you liked",
    "if you value",
    "if you appreciate",
    "since you're here",
    "since you’re here",
    "we have a small favour",
    "we have a small favor",
    "support our journalism",
    "support independent journalism",
    "become a member",
    "become a subscriber",
    "join ",
];
/// The words of a page's own tools, which a line made of nothing else labels.
const TOOL_LABELS: &[&str] = &[
    "comments",
    "comment",
    "share",
    "shares",
    "tweet",
    "email",
    "print",
    "reply",
    "replies",
    "like",
    "likes",
    "save",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "pinterest",
    "reddit",
    "copy",
    "link",
];
/// Words that date a line: months and weekdays (English, Spanish, Portuguese, French, German,
/// Italian, Indonesian), times and zones.
const DATE_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thurs",
    "fri",
    "sat",
    "sun",
    "am",
    "pm",
    "est",
    "edt",
    "pst",
    "pdt",
    "cst",
    "cdt",
    "gmt",
    "bst",
    "utc",
    "cet",
    "cest",
    "ist",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "janeiro",
    "fevereiro",
    "março",
    "maio",
    "junho",
    "julho",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "januar",
    "februar",
    "märz",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "gennaio",
    "febbraio",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "settembre",
    "ottobre",
    "dicembre",
    "januari",
    "februari",
    "maret",
    "mei",
    "agustus",
    "desember",
    "segunda",
    "terça",
    "quarta",
    "quinta",
    "sexta",
    "feira",
    "sábado",
    "domingo",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
];
/// Words between the parts of a date ("22 de outubro", "8 a.m. on the 3rd").
const DATE_FILLERS: &[&str] = &["de", "às", "um", "le", "à", "the", "of", "on", "at", "a", "m", "p"];
/// How the lines that date an article begin.
const DATED: &[&str] = &["updated", "published", "posted", "last updated", "first published", "last modified"];

/// What the page's legal and contact lines say (a footer, a cookie notice, a company's address).
const SMALL_PRINT: &[&str] = &[
    "cookie",
    "copyright",
    "©",
    "rights reserved",
    "terms of service",
    "terms of use",
    "terms and conditions",
    "privacy policy",
    "privacy notice",
    "do not sell",
    "opt-out",
    "opt out",
    "registered in",
    "registered office",
    "company number",
    "company no",
    "vat number",
    "vat no",
    "telephone",
    "tel.",
    " tel ",
    "| tel",
    "phone:",
    "suite ",
    "fax",
    "email",
    "e-mail",
    "newsletters",
    "advertise with us",
    "contact us",
    "about us",
];

/// Whether a block is the page's small print: a cookie notice, or three of its cues, or two and
/// an address's figures, in under a hundred words.
pub(super) fn is_small_print(text: &str) -> bool {
    let lower = text.to_lowercase();
    if lower.split_whitespace().count() > 100 {
        return false;
    }
    // A cookie notice says so in its first words.
    if ["this website uses cookies", "this site uses cookies", "we use cookies", "our site uses cookies"]
        .iter()
        .any(|c| lower.contains(c))
        && lower.split_whitespace().count() <= 60
    {
        return true;
    }
    let cues = SMALL_PRINT.iter().filter(|c| lower.contains(*c)).count();
    // An address's figures: an e-mail address, a long number, a telephone number.
    let digits: Vec<&str> = lower.split(|c: char| !c.is_ascii_digit()).filter(|d| !d.is_empty()).collect();
    let phone = digits.windows(3).any(|w| w[0].len() == 3 && w[1].len() == 3 && w[2].len() == 4);
    let contact = lower.contains('@') || phone || digits.iter().any(|d| d.len() >= 6);
    cues >= 3 || (cues >= 2 && contact)
}

/// Whether a short block is furniture, by its words alone.
pub(super) fn is_furniture_line(text: &str) -> bool {
    let text = text.trim();
    let length = text.chars().count();
    if is_small_print(text) {
        return true;
    }
    let lower = text.to_lowercase();
    // An offer: "Get … delivered through your letterbox every month. 12 issues for £11.99.
    // Click here for more information."
    if length <= 240
        && lower.contains("click here")
        && ["subscri", "issues for", "for more information", "to sign up", "to download"]
            .iter()
            .any(|c| lower.contains(c))
    {
        return true;
    }
    // An appeal to pay for the site: "If you enjoyed this article, … Join NRPLUS", "Since you're
    // here, … support our journalism".
    if length <= 400
        && APPEALS.iter().any(|c| lower.starts_with(c))
        && ["member", "subscri", "donat", "support", "join"]
            .iter()
            .any(|c| lower.contains(c) && !(*c == "join" && lower.starts_with("join ")))
    {
        return true;
    }
    if length == 0 || length > 160 {
        return false;
    }
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let number = |w: &&str| w.chars().all(|c| c.is_ascii_digit());
    // Counters: "6", "1 of 6", "Image 1 of / 23"; nothing in words at all: "______".
    if words.iter().all(|w| number(w) || matches!(*w, "of" | "image" | "images" | "photo" | "photos" | "slide")) {
        return true;
    }
    if words.len() <= 2 && words.iter().all(|w| AD_LABELS.contains(w)) {
        return true;
    }
    if length <= 90 && CALLS.iter().any(|c| lower.starts_with(c)) {
        return true;
    }
    // A disclaimer, an affiliate link's disclosure, a call to follow the site elsewhere.
    if lower.starts_with("disclaimer")
        || (["affiliate", "commission", "share of the sale"].iter().any(|c| lower.contains(c))
            && ["if you buy", "we may", "may earn", "may get", "may receive"].iter().any(|c| lower.contains(c)))
        || (lower.starts_with("follow ")
            && ["twitter", "facebook", "instagram", "youtube"].iter().filter(|s| lower.contains(*s)).count() >= 2)
    {
        return true;
    }
    // A label of the page's own tools: "comments", "12 comments", "Share · Tweet · Email".
    if words.iter().all(|w| number(w) || TOOL_LABELS.contains(w)) {
        return true;
    }
    // A blog engine's shortcode left as text: "[button link=…]Send us your review[/button]".
    if text.starts_with('[') && text.contains("[/") {
        return true;
    }
    // Credits: "© Amazon", "photos © Inexhibit, 2018", "Credit: EPA", "(Image: Getty)".
    if text.contains('©')
        || ["credit:", "photo:", "image:", "source:"].iter().any(|c| lower.starts_with(c))
        || (lower.ends_with(')') && ["(image:", "(photo:", "(picture:"].iter().any(|c| lower.contains(c)))
    {
        return true;
    }
    if length <= 120 && DATED.iter().any(|d| lower.starts_with(d)) && words.iter().any(number) {
        return true;
    }
    // A byline: "By Justine Coleman - 11/18/19", "By Matthew Digby, Minh Do on Monday…": "By"
    // and a name, not a sentence.
    if length <= 120
        && lower.starts_with("by ")
        && text[3..].trim_start().starts_with(char::is_uppercase)
        && (!text.ends_with(['.', '!', '?', ':']) || lower.ends_with("a.m.") || lower.ends_with("p.m."))
    {
        return true;
    }
    // A date and time alone: a month, a day or a time of day, numbers, little else.
    let calendar = words.iter().filter(|w| DATE_WORDS.contains(w)).count();
    let dated = words.iter().filter(|w| number(w) || DATE_FILLERS.contains(w)).count() + calendar;
    calendar > 0 && dated * 4 >= words.len() * 3 && words.iter().any(number)
}

#[cfg(test)]
mod tests {
    use super::is_furniture_line;

    #[test]
    fn furniture_lines_are_told_from_the_article_s() {
        for furniture in [
            "ADVERTISEMENT",
            "Advertisement",
            "Iklan",
            "6",
            "1 of 6",
            "Image 1 of / 23",
            "Continue Reading Below",
            "You may also like...",
            "© Aaron Schwartz",
            "Protesters do not want Hong Kong to lose its autonomy (Image: getty )",
            "Updated 1:39 am EST, Wednesday, November 20, 2019",
            "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019",
            "By Justine Coleman - 11/18/19 11:04 PM EST",
            "November 20, 2019 / 1:07 AM",
            "sexta-feira, 22 de outubro de 2010 às 20:13",
            "______________________________",
            "Copyright © 2019, Los Angeles Times | Terms of Service | Privacy Policy | CA Notice of Collection | Do Not Sell My Info",
            "This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish.",
            "Island Ferries Ltd., Pier 4, Harbour Road. Registered in England and Wales, company number 01234567. Telephone 0100 555 0199.",
            "If you enjoyed this article, and were stimulated by its contents, we have a proposition for you: Join HARBOURPLUS.",
            "Join Harbour Monthly: members get every issue and no paywall.",
            "Get Harbour Monthly delivered every month. 12 issues for £11.99. Click here for more information.",
        ] {
            assert!(is_furniture_line(furniture), "{furniture}");
        }
        for text in [
            "By then it was too late.",
            "Join the queue at the ferry office and you will wait an hour.",
            "If you liked the first ferry, the second was worse.",
            "Follow the money, investigators were told, and they did: it led to a bank in the capital.",
            "By Tuesday the council had voted, 7 to 2, to approve the budget.",
            "The vote was 7 to 2.",
            "1 · Kyle Busch · 5040 · 5 · 1 · 17 · 27",
            "The regulator said the company had set cookies without consent and fined it, though its privacy policy promised otherwise.",
            "Ads for the product ran on every channel for a month before the launch.",
            "On November 20, 2019, the council met again and voted to approve the budget for the next year.",
            "Updated guidance from the ministry says schools must stay open, whatever the weather, until the end of term.",
        ] {
            assert!(!is_furniture_line(text), "{text}");
        }
    }
}
