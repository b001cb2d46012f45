using System.Text;
using System.Text.RegularExpressions;
using DatasetForge.Core.Definitions;

namespace DatasetForge.Curation.Filters;

/// <summary>
/// Sorts roles into academic and non-academic by word lists (German and English built in, replaceable through
/// <see cref="CurationOptions.AcademicRoles"/> and <see cref="CurationOptions.NonAcademicRoles"/>).
/// </summary>
/// <remarks>
/// Roles and list entries are normalised the same way: gender forms are dropped (Mitarbeiter/in, Mitarbeiter*in,
/// Mitarbeiter:in, Mitarbeiter_in, MitarbeiterIn, Mitarbeiter(in), Wissenschaftliche/r), case is folded, umlauts and
/// their spellings fold together (ä, ae → a; ß → ss), accents are dropped, and the text is split into words.
/// An entry matches consecutive words of the role, each entry word being a prefix of the role word
/// (Professor → Professorin); words of up to 3 letters must match whole (PhD, PD, IT); a one-word entry of 6 letters
/// or more also matches inside a German compound (Sekretär → Institutssekretärin, Dozent → Privatdozent).
/// A role that matches both lists is decided by the head of the role phrase: the list whose match starts earliest
/// wins ("Sekretariat Prof. Dr. Müller" is non-academic, "Professorin, Sekretariat kommissarisch" academic); at the
/// same word, the longer entry wins, and a full tie keeps the person (academic).
/// </remarks>
public sealed partial class RoleClassifier
{
    /// <summary>The built-in non-academic entries.</summary>
    public static readonly IReadOnlyList<string> DefaultNonAcademicRoles =
    [
        "Sekretariat", "Sekretär", "Sekretärin", "Secretary", "Secretariat", "Geschäftszimmer",
        "Verwaltung", "Administration", "Administrative", "Administrator", "Sachbearbeiter", "Assistenz",
        "Office", "Büro", "Empfang", "Reception", "Buchhaltung", "Accounting", "Human Resources", "Personalabteilung",
        "Technician", "Techniker", "Technische Angestellte", "Technischer Dienst", "Laborant", "Systemadministrator",
        "IT-Support", "IT Service", "IT-Dienste", "Bibliothek", "Library", "Librarian",
        "Hausmeister", "Facility", "Facilities", "Haustechnik",
    ];

    /// <summary>The built-in academic entries.</summary>
    public static readonly IReadOnlyList<string> DefaultAcademicRoles =
    [
        "Professor", "Prof.", "Juniorprofessor", "Lehrstuhlinhaber", "Emeritus", "Emerita", "PD", "Privatdozent", "Dozent", "Lecturer",
        "Lehrbeauftragte", "Lehrkraft für besondere Aufgaben", "Tutor",
        "Wissenschaftliche Mitarbeiter", "Wiss. Mitarbeiter", "Wissenschaftliche Assistent", "Wissenschaftliche Hilfskraft",
        "Wissenschaftler", "Forscher", "Researcher", "Research Associate", "Research Fellow", "Research Assistant",
        "Research Scientist", "Scientist", "Scholar", "Fellow",
        "Doktorand", "Promovend", "Doctoral", "PhD", "Ph. D.", "Postdoc", "Post-Doc", "Habilitand",
        "Akademische Rat", "Akademische Rätin", "Akademische Oberrat", "Akademische Oberrätin", "Akademische Direktor",
    ];

    private readonly Term[] _academic;
    private readonly Term[] _nonAcademic;

    /// <summary>A classifier over the given lists; null takes the built-in list.</summary>
    public RoleClassifier(IEnumerable<string>? academicRoles = null, IEnumerable<string>? nonAcademicRoles = null)
    {
        _academic = ToTerms(academicRoles ?? DefaultAcademicRoles);
        _nonAcademic = ToTerms(nonAcademicRoles ?? DefaultNonAcademicRoles);
    }

    /// <summary>A classifier over the lists of <paramref name="options"/>.</summary>
    public static RoleClassifier FromOptions(CurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RoleClassifier(options.AcademicRoles, options.NonAcademicRoles);
    }

    /// <summary>Which list <paramref name="role"/> matches, and with which entry.</summary>
    public RoleClassification Classify(string? role)
    {
        if (string.IsNullOrWhiteSpace(role))
        {
            return new RoleClassification(RoleCategory.Missing, null, null);
        }

        var words = Normalise(role);
        var academic = EarliestMatch(_academic, words);
        var nonAcademic = EarliestMatch(_nonAcademic, words);
        var category = (academic, nonAcademic) switch
        {
            (null, null) => RoleCategory.Unknown,
            (not null, null) => RoleCategory.Academic,
            (null, not null) => RoleCategory.NonAcademic,
            var (a, n) => n.Value.Start < a.Value.Start || (n.Value.Start == a.Value.Start && n.Value.Length > a.Value.Length)
                ? RoleCategory.NonAcademic
                : RoleCategory.Academic,
        };
        return new RoleClassification(category, academic?.Text, nonAcademic?.Text);
    }

    /// <summary>The words a role or list entry is compared by (see the remarks on the type).</summary>
    public static string[] Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var withoutGender = BinnenI().Replace(text, string.Empty);
        withoutGender = GenderSuffix().Replace(withoutGender, string.Empty);
        withoutGender = GenderParenthesis().Replace(withoutGender, string.Empty);

        var folded = new StringBuilder(withoutGender.Length + 8);
        foreach (var c in withoutGender.ToLowerInvariant())
        {
            folded.Append(Fold(c));
        }

        var spelled = folded.ToString().Replace("ae", "a", StringComparison.Ordinal)
            .Replace("oe", "o", StringComparison.Ordinal)
            .Replace("ue", "u", StringComparison.Ordinal);
        return NonWord().Split(spelled).Where(w => w.Length > 0).ToArray();
    }

    /// <summary>The entry whose match starts at the earliest word; at the same word the longer entry, then list order.</summary>
    private static (string Text, int Start, int Length)? EarliestMatch(Term[] terms, string[] words)
    {
        (string Text, int Start, int Length)? best = null;
        foreach (var term in terms)
        {
            for (var start = 0; start + term.Words.Length <= words.Length; start++)
            {
                if (best is { } b && (start > b.Start || (start == b.Start && term.Words.Length <= b.Length)))
                {
                    break;
                }

                var all = true;
                for (var i = 0; i < term.Words.Length && all; i++)
                {
                    all = WordMatches(term.Words[i], words[start + i], term.Words.Length == 1);
                }

                if (all)
                {
                    best = (term.Text, start, term.Words.Length);
                    break;
                }
            }
        }

        return best;
    }

    private static bool WordMatches(string termWord, string roleWord, bool singleWordTerm) =>
        termWord.Length <= 3
            ? roleWord == termWord
            : roleWord.StartsWith(termWord, StringComparison.Ordinal)
              || (singleWordTerm && termWord.Length >= 6 && roleWord.Contains(termWord, StringComparison.Ordinal));

    private static Term[] ToTerms(IEnumerable<string> entries) =>
        [.. entries.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => new Term(e.Trim(), Normalise(e))).Where(t => t.Words.Length > 0)];

    private static string Fold(char c) => c switch
    {
        'ä' => "a",
        'ö' => "o",
        'ü' => "u",
        'ß' => "ss",
        'à' or 'á' or 'â' or 'ã' or 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è' or 'é' or 'ê' or 'ë' => "e",
        'ì' or 'í' or 'î' or 'ï' => "i",
        'ñ' => "n",
        'ò' or 'ó' or 'ô' or 'õ' or 'ø' => "o",
        'œ' => "oe",
        'ù' or 'ú' or 'û' => "u",
        'ý' or 'ÿ' => "y",
        _ => c.ToString(),
    };

    /// <summary>MitarbeiterIn, MitarbeiterInnen: a capital I after a lower-case letter starts the female ending.</summary>
    [GeneratedRegex(@"(?<=\p{Ll})(In|Innen)\b")]
    private static partial Regex BinnenI();

    /// <summary>Mitarbeiter/in, Mitarbeiter/-in, Mitarbeiter*innen, Mitarbeiter:in, Mitarbeiter_in, Wissenschaftliche/r.</summary>
    [GeneratedRegex(@"(?<=\p{L})[/*:_]-?(in|innen|r|n|e|er)\b", RegexOptions.IgnoreCase)]
    private static partial Regex GenderSuffix();

    /// <summary>Mitarbeiter(in), Wissenschaftliche(r).</summary>
    [GeneratedRegex(@"(?<=\p{L})\((in|innen|r|n|e|er)\)", RegexOptions.IgnoreCase)]
    private static partial Regex GenderParenthesis();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();

    private sealed record Term(string Text, string[] Words);
}
