using DatasetForge.Core.Definitions;
using DatasetForge.Curation.Filters;

namespace DatasetForge.Curation.Tests.Filters;

public sealed class RoleClassifierTests
{
    private readonly RoleClassifier _classifier = new();

    [Theory]
    [InlineData("Sekretariat", "Sekretariat")]
    [InlineData("Sekretärin", "Sekretär")]
    [InlineData("Sekretär/in", "Sekretär")]
    [InlineData("Institutssekretärin", "Sekretär")]
    [InlineData("SEKRETAERIN des Lehrstuhls", "Sekretär")]
    [InlineData("Secretary to the Head of Department", "Secretary")]
    [InlineData("Verwaltungsangestellte", "Verwaltung")]
    [InlineData("Administrative Assistant", "Administrative")]
    [InlineData("Teamassistenz", "Assistenz")]
    [InlineData("Assistenz der Geschäftsführung", "Assistenz")]
    [InlineData("Office Manager", "Office")]
    [InlineData("Büroleitung", "Büro")]
    [InlineData("Technician", "Technician")]
    [InlineData("Technikerin", "Techniker")]
    [InlineData("Technische/r Angestellte/r", "Technische Angestellte")]
    [InlineData("Technischer Angestellter", "Technische Angestellte")]
    [InlineData("Systemadministrator", "Administrator")]
    [InlineData("IT-Support", "IT-Support")]
    [InlineData("Bibliothekarin", "Bibliothek")]
    [InlineData("Librarian", "Librarian")]
    [InlineData("Hausmeister", "Hausmeister")]
    [InlineData("Facility Management", "Facility")]
    public void Classify_NonAcademicRole_NamesTheMatchedEntry(string role, string entry)
    {
        var result = _classifier.Classify(role);

        result.Category.ShouldBe(RoleCategory.NonAcademic);
        result.Match.ShouldBe(entry);
    }

    [Theory]
    [InlineData("Professorin")]
    [InlineData("Prof. Dr.")]
    [InlineData("Jun.-Prof. Dr.")]
    [InlineData("Juniorprofessor")]
    [InlineData("Wissenschaftliche/r Mitarbeiter/in")]
    [InlineData("Wissenschaftlicher Mitarbeiter")]
    [InlineData("Wissenschaftliche Mitarbeiter*in")]
    [InlineData("Wissenschaftliche Mitarbeiter:innen")]
    [InlineData("Wissenschaftliche MitarbeiterIn")]
    [InlineData("Wiss. Mitarbeiterin")]
    [InlineData("Wissenschaftliche Assistentin")]
    [InlineData("Doktorandin")]
    [InlineData("PhD Student")]
    [InlineData("Ph.D. candidate")]
    [InlineData("Postdoc")]
    [InlineData("Post-Doc")]
    [InlineData("Senior Lecturer")]
    [InlineData("Dozentin")]
    [InlineData("Researcher")]
    [InlineData("Research Associate")]
    [InlineData("Research Fellow")]
    [InlineData("Akademischer Rat")]
    [InlineData("Akademische Rätin")]
    [InlineData("Akademischer Oberrat")]
    [InlineData("PD Dr. habil.")]
    [InlineData("Privatdozentin")]
    [InlineData("Lehrbeauftragter")]
    [InlineData("Assistant Professor")]
    public void Classify_AcademicRole_IsAcademic(string role)
    {
        _classifier.Classify(role).Category.ShouldBe(RoleCategory.Academic);
    }

    [Theory]
    [InlineData("Professorin, Sekretariat kommissarisch", "Professor", "Sekretariat")]
    [InlineData("Wissenschaftliche Mitarbeiterin im Büro des Dekans", "Wissenschaftliche Mitarbeiter", "Büro")]
    [InlineData("Research Associate and IT-Support", "Research Associate", "IT-Support")]
    public void Classify_BothLists_AcademicHeadWins(string role, string academic, string nonAcademic)
    {
        var result = _classifier.Classify(role);

        result.Category.ShouldBe(RoleCategory.Academic);
        result.AcademicMatch.ShouldBe(academic);
        result.NonAcademicMatch.ShouldBe(nonAcademic);
    }

    [Theory]
    [InlineData("Sekretariat Prof. Dr. Müller", RoleCategory.NonAcademic, "Sekretariat")]
    [InlineData("Sekretärin von Prof. X", RoleCategory.NonAcademic, "Sekretär")]
    [InlineData("Administrative Assistant to the Dean", RoleCategory.NonAcademic, "Administrative")]
    [InlineData("Office of Professor Smith", RoleCategory.NonAcademic, "Office")]
    [InlineData("Assistenz des Lehrstuhlinhabers", RoleCategory.NonAcademic, "Assistenz")]
    [InlineData("Assistant Professor", RoleCategory.Academic, "Professor")]
    [InlineData("Wissenschaftliche Mitarbeiterin und Studienberatung", RoleCategory.Academic, "Wissenschaftliche Mitarbeiter")]
    [InlineData("Professor and Head of Administration", RoleCategory.Academic, "Professor")]
    [InlineData("Doktorand, Systemadministrator des Instituts", RoleCategory.Academic, "Doktorand")]
    public void Classify_BothLists_TheHeadOfThePhraseDecides(string role, RoleCategory expected, string entry)
    {
        var result = _classifier.Classify(role);

        result.Category.ShouldBe(expected);
        result.Match.ShouldBe(entry);
    }

    [Theory]
    [InlineData("Gast", RoleCategory.Unknown)]
    [InlineData("Student Assistant", RoleCategory.Unknown)]
    [InlineData("Alumna", RoleCategory.Unknown)]
    [InlineData("", RoleCategory.Missing)]
    [InlineData("   ", RoleCategory.Missing)]
    [InlineData(null, RoleCategory.Missing)]
    public void Classify_NeitherList_IsUnknownOrMissing(string? role, RoleCategory expected)
    {
        var result = _classifier.Classify(role);

        result.Category.ShouldBe(expected);
        result.Match.ShouldBeNull();
    }

    [Fact]
    public void Classify_ShortEntries_MatchWholeWordsOnly()
    {
        _classifier.Classify("Italian Studies").Category.ShouldBe(RoleCategory.Unknown);
        _classifier.Classify("PDF-Beauftragter").Category.ShouldBe(RoleCategory.Unknown);
    }

    [Fact]
    public void FromOptions_CustomLists_ReplaceTheBuiltInOnes()
    {
        var classifier = RoleClassifier.FromOptions(new CurationOptions
        {
            NonAcademicRoles = ["Pressestelle", "Sekretär"],
            AcademicRoles = ["Chercheur", "Maître de conférences"],
        });

        classifier.Classify("Pressestelle").Match.ShouldBe("Pressestelle");
        classifier.Classify("Maitre de conferences").Category.ShouldBe(RoleCategory.Academic);
        classifier.Classify("Chercheur associé").Category.ShouldBe(RoleCategory.Academic);
        classifier.Classify("Professor").Category.ShouldBe(RoleCategory.Unknown);
        classifier.Classify("Bibliothekar").Category.ShouldBe(RoleCategory.Unknown);
    }

    [Theory]
    [InlineData("Mitarbeiter/in", "mitarbeiter")]
    [InlineData("Mitarbeiter/-in", "mitarbeiter")]
    [InlineData("Mitarbeiter_innen", "mitarbeiter")]
    [InlineData("Mitarbeiter(in)", "mitarbeiter")]
    [InlineData("Straße", "strasse")]
    [InlineData("Größe", "grosse")]
    public void Normalise_FoldsGenderFormsCaseAndUmlauts(string text, string expected)
    {
        RoleClassifier.Normalise(text).ShouldBe([expected]);
    }
}
