using DatasetForge.Core.Definitions;
using DatasetForge.Manifests.Yaml;

namespace DatasetForge.Manifests.Tests;

public sealed class ManifestLoaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("forge-manifests-").FullName;
    private readonly string _scrapers;
    private readonly string _dataset;

    public ManifestLoaderTests()
    {
        _scrapers = Directory.CreateDirectory(Path.Combine(_root, "scrapers")).FullName;
        _dataset = Directory.CreateDirectory(Path.Combine(_root, "manifests", "people")).FullName;
        Write(_scrapers, "grid.yaml", """
            profile: grid
            description: a team grid
            selectors:
              item: ".member"
              name: ".member h3"
              role: ".member .role"
              photo: "img"
            """);
        Write(_dataset, "dataset.yaml", """
            dataset: people
            label: field
            splits: { train: 0.8, validation: 0.1, test: 0.1 }
            training:
              epochs: 5
            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void LoadDataset_ValidFiles_MergesProfileWithOverridesAndDefaults()
    {
        Write(_dataset, "cs.yaml", """
            source: cs-dept
            url: https://www.example.edu/cs/people/
            profile: grid
            label: cs
            facets:
              university: Example University
            selectors:
              role: ".position"
            """);

        var dataset = Load();

        dataset.Name.ShouldBe("people");
        dataset.Splits.ShouldBe(new SplitRatios(0.8, 0.1, 0.1));
        dataset.Training.Epochs.ShouldBe(5);
        dataset.Training.BatchSize.ShouldBe(new TrainingOptions().BatchSize);
        var source = dataset.Sources.ShouldHaveSingleItem();
        source.Name.ShouldBe("cs-dept");
        source.Label.ShouldBe("cs");
        source.Facets["university"].ShouldBe("Example University");
        source.AllowedHosts.ShouldBe(["www.example.edu"]);
        source.Scraper.Selectors.Item.ShouldBe(".member");
        source.Scraper.Selectors.Role.ShouldBe(".position");
        source.Scraper.Selectors.Name.ShouldBe(".member h3");
    }

    [Fact]
    public void LoadDataset_StandAloneManifestWithoutProfile_UsesItsOwnSelectors()
    {
        Write(_dataset, "econ.yaml", """
            source: econ
            url: http://127.0.0.1:8080/econ
            label: econ
            browser: true
            selectors:
              item: "li.person"
              name: "b"
            """);

        var source = Load().Sources.ShouldHaveSingleItem();

        source.Scraper.Browser.ShouldBeTrue();
        source.Scraper.Selectors.Item.ShouldBe("li.person");
        source.Scraper.Selectors.Photo.ShouldBeNull();
    }

    [Fact]
    public void LoadDataset_MisspelledField_NamesFileLineFieldAndSuggestion()
    {
        Write(_dataset, "cs.yaml", """
            source: cs
            url: https://example.edu/cs
            profile: grid
            label: cs
            selectors:
              rol: ".position"
            """);

        var error = Should.Throw<ManifestException>(Load).Errors.ShouldHaveSingleItem();

        error.File.ShouldEndWith("cs.yaml");
        error.Line.ShouldBe(6);
        error.Field.ShouldBe("selectors.rol");
        error.Message.ShouldContain("did you mean 'role'?");
    }

    [Theory]
    [InlineData("every monday at 3")]
    [InlineData("0 3 * * 1")]
    public void LoadDataset_BadCron_NamesFileLineAndScheduleField(string cron)
    {
        Write(_dataset, "dataset.yaml", $"dataset: people\nlabel: field\nschedule: \"{cron}\"\n");

        var error = Should.Throw<ManifestException>(Load).Errors.ShouldHaveSingleItem();

        error.File.ShouldEndWith("dataset.yaml");
        error.Line.ShouldBe(3);
        error.Field.ShouldBe("schedule");
        error.Message.ShouldContain("not a Quartz cron expression");
    }

    [Fact]
    public void LoadDataset_QuartzCron_IsAccepted()
    {
        Write(_dataset, "dataset.yaml", "dataset: people\nlabel: field\nschedule: \"0 0 3 ? * MON\"\n");

        Load().Schedule.ShouldBe("0 0 3 ? * MON");
    }

    [Fact]
    public void Check_MissingManifestsFolder_IsAnError()
    {
        var errors = new ManifestLoader().Check(Path.Combine(_root, "nope"), _scrapers);

        var error = errors.ShouldHaveSingleItem();
        error.Field.ShouldBe("manifests");
        error.Message.ShouldContain("no such folder");
    }

    [Fact]
    public void LoadDataset_SeveralMistakes_ReportsEveryOneBeforeAnythingRuns()
    {
        Write(_dataset, "a.yaml", """
            source: a
            url: not-a-url
            profile: missing-profile
            label: x
            """);
        Write(_dataset, "b.yaml", """
            source: b
            url: https://example.edu/b
            profile: grid
            maxPages: lots
            """);

        var errors = Should.Throw<ManifestException>(Load).Errors;

        errors.ShouldContain(e => e.File.EndsWith("a.yaml") && e.Field == "url" && e.Line == 2 && e.Message.Contains("not an absolute http(s) URL"));
        errors.ShouldContain(e => e.File.EndsWith("a.yaml") && e.Field == "profile" && e.Message.Contains("known: grid"));
        errors.ShouldContain(e => e.File.EndsWith("b.yaml") && e.Field == "maxPages" && e.Line == 4);
        errors.ShouldContain(e => e.File.EndsWith("b.yaml") && e.Field == "label" && e.Message.Contains("required"));
    }

    [Fact]
    public void LoadDataset_YamlSyntaxError_ReportsLine()
    {
        Write(_dataset, "broken.yaml", "source: x\nurl: \"http://a.b/\nlabel: y\n  - oops: [\n");

        var error = Should.Throw<ManifestException>(Load).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("(syntax)");
        error.Line.ShouldBeGreaterThan(1);
        error.ToString().ShouldContain("broken.yaml:");
    }

    [Fact]
    public void LoadDataset_DemographicsAndIdentityDistance_DefaultOnAndReadWhenGiven()
    {
        Load().Curation.Demographics.ShouldBeTrue();
        Load().Curation.IdentityDistance.ShouldBe(0.5);
        Write(_dataset, "dataset.yaml", """
            dataset: people
            label: field
            curation:
              demographics: false
              identityDistance: 0.42
            """);

        var curation = Load().Curation;

        curation.Demographics.ShouldBeFalse();
        curation.IdentityDistance.ShouldBe(0.42);
    }

    [Fact]
    public void LoadDataset_IdentityDistanceOutOfRange_NamesTheField()
    {
        Write(_dataset, "dataset.yaml", """
            dataset: people
            label: field
            curation:
              identityDistance: 12
            """);

        var error = Should.Throw<ManifestException>(Load).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("curation.identityDistance");
    }

    [Fact]
    public void LoadDataset_SplitsNotAddingUpToOne_IsRejected()
    {
        Write(_dataset, "dataset.yaml", """
            dataset: people
            label: field
            splits: { train: 0.7, validation: 0.2, test: 0.2 }
            """);

        var error = Should.Throw<ManifestException>(Load).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("splits");
        error.Message.ShouldContain("add up to 1");
    }

    [Fact]
    public void LoadDataset_EnvironmentVariables_AreExpandedWithDefaults()
    {
        Write(_dataset, "cs.yaml", """
            source: cs
            url: ${SITE:-http://127.0.0.1:5180}/cs/
            profile: grid
            label: ${FIELD}
            """);
        var loader = new ManifestLoader(new VariableExpander(name => name == "FIELD" ? "cs" : null));

        var source = loader.LoadDataset(_dataset, _scrapers).Sources.ShouldHaveSingleItem();

        source.Urls.ShouldBe([new Uri("http://127.0.0.1:5180/cs/")]);
        source.Label.ShouldBe("cs");
    }

    [Fact]
    public void LoadDataset_UnsetVariableWithoutDefault_IsAnError()
    {
        Write(_dataset, "cs.yaml", """
            source: cs
            url: ${NO_SUCH_VARIABLE_FOR_FORGE}/cs
            profile: grid
            label: cs
            """);

        var errors = Should.Throw<ManifestException>(Load).Errors;

        errors.ShouldContain(e => e.Field == "url" && e.Message.Contains("NO_SUCH_VARIABLE_FOR_FORGE"));
    }

    [Fact]
    public void LoadDataset_DuplicateSourceNames_AreRejected()
    {
        var manifest = "source: same\nurl: https://example.edu/x\nprofile: grid\nlabel: x\n";
        Write(_dataset, "one.yaml", manifest);
        Write(_dataset, "two.yaml", manifest);

        var error = Should.Throw<ManifestException>(Load).Errors.ShouldHaveSingleItem();

        error.File.ShouldEndWith("two.yaml");
        error.Message.ShouldContain("already used");
    }

    [Fact]
    public void LoadProfiles_ProfileNameDiffersFromFileName_IsRejected()
    {
        Write(_scrapers, "table.yaml", "profile: tables\nselectors:\n  item: tr\n  name: td\n");

        var error = Should.Throw<ManifestException>(() => new ManifestLoader().LoadProfiles(_scrapers)).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("profile");
        error.File.ShouldEndWith("table.yaml");
    }

    [Fact]
    public void Check_RepositoryManifests_AreValid()
    {
        var repository = FindRepositoryRoot();

        var errors = new ManifestLoader().Check(Path.Combine(repository, "manifests"), Path.Combine(repository, "scrapers"));

        errors.ShouldBeEmpty();
    }

    [Fact]
    public void LoadDataset_ScrapingFields_AreReadFromProfileAndOverriddenByManifest()
    {
        Write(_scrapers, "scripted.yaml", """
            profile: scripted
            browser: true
            cookieBanner: "#accept"
            loadMore: "button.more"
            maxLoadMore: 5
            followProfile: true
            selectors:
              item: ".card"
              name: "h3"
              link: "a"
              profilePhoto: ".portrait"
              labelHeading: "h2"
            """);
        Write(_dataset, "lab.yaml", """
            source: lab
            url: https://www.example.edu/lab/
            profile: scripted
            maxLoadMore: 9
            pageParameter: page
            ignoreRobotsTxt: true
            delaySeconds: 0.5
            concurrency: 4
            selectors:
              roleHeading: "h4"
            """);

        var source = Load().Sources.ShouldHaveSingleItem();

        source.Scraper.Browser.ShouldBeTrue();
        source.Scraper.CookieBanner.ShouldBe("#accept");
        source.Scraper.LoadMore.ShouldBe("button.more");
        source.Scraper.MaxLoadMore.ShouldBe(9);
        source.Scraper.PageParameter.ShouldBe("page");
        source.Scraper.FollowProfile.ShouldBeTrue();
        source.Scraper.Selectors.ProfilePhoto.ShouldBe(".portrait");
        source.Scraper.Selectors.LabelHeading.ShouldBe("h2");
        source.Scraper.Selectors.RoleHeading.ShouldBe("h4");
        source.Label.ShouldBeNull();
        source.IgnoreRobotsTxt.ShouldBeTrue();
        source.Delay.ShouldBe(TimeSpan.FromSeconds(0.5));
        source.Concurrency.ShouldBe(4);
    }

    [Fact]
    public void LoadDataset_BrowserStepsWithoutBrowserOrFollowProfileWithoutPhoto_AreErrorsNamingTheField()
    {
        Write(_dataset, "bad.yaml", """
            source: bad
            url: https://www.example.edu/people/
            profile: grid
            label: cs
            loadMore: "button.more"
            followProfile: true
            """);

        var errors = Should.Throw<ManifestException>(Load).Errors;

        errors.ShouldContain(e => e.Field == "browser" && e.Message.Contains("browser: true", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Field == "followProfile" && e.Message.Contains("profilePhoto", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadDataset_SelectorSetToNull_TurnsTheProfilesSelectorOff()
    {
        Write(_scrapers, "linked.yaml", """
            profile: linked
            selectors:
              item: ".card"
              name: "h3"
              link: "a"
              role: ".role"
            """);
        Write(_dataset, "cs.yaml", """
            source: cs
            url: https://www.example.edu/cs/
            profile: linked
            label: cs
            selectors:
              link: null
              role: ~
            """);

        var selectors = Load().Sources.ShouldHaveSingleItem().Scraper.Selectors;

        selectors.Link.ShouldBeNull();
        selectors.Role.ShouldBeNull();
        selectors.Item.ShouldBe(".card");
    }

    [Fact]
    public void LoadDataset_EmptySelector_IsAnErrorNamingFileLineAndField()
    {
        Write(_dataset, "cs.yaml", """
            source: cs
            url: https://www.example.edu/cs/
            profile: grid
            label: cs
            selectors:
              link: ""
            """);

        var error = Should.Throw<ManifestException>(Load).Errors.ShouldHaveSingleItem();

        error.File.ShouldEndWith("cs.yaml");
        error.Line.ShouldBe(6);
        error.Field.ShouldBe("selectors.link");
        error.Message.ShouldContain("must not be empty; write null");
    }

    [Fact]
    public void LoadDataset_FollowProfileWithOnlyProfileRole_IsValid()
    {
        Write(_dataset, "names.yaml", """
            source: names
            url: https://www.example.edu/names/
            profile: grid
            followProfile: true
            selectors:
              link: "a"
              profileRole: ".position"
              profileLabel: ".department"
            """);

        var selectors = Load().Sources.ShouldHaveSingleItem().Scraper.Selectors;

        selectors.ProfileRole.ShouldBe(".position");
        selectors.ProfileLabel.ShouldBe(".department");
    }

    [Fact]
    public void LoadDataset_FaceModelOptions_AreReadWithTheirDefaults()
    {
        var defaults = Load().Training;
        defaults.Freeze.ShouldBeNull();
        defaults.BackboneLearningRate.ShouldBeNull();
        defaults.BackboneCrop.ShouldBe(0.6);
        Write(_dataset, "dataset.yaml", """
            dataset: people
            label: field
            training:
              model: face-finetune
              freeze: 2
              backboneLearningRate: 0.00005
              backboneCrop: 0.7
            """);

        var training = Load().Training;

        training.Model.ShouldBe("face-finetune");
        training.Freeze.ShouldBe("2");
        training.BackboneLearningRate.ShouldBe(5e-5);
        training.BackboneCrop.ShouldBe(0.7);
    }

    [Fact]
    public void LoadDataset_ProgressiveResizing_IsReadAndOffByDefault()
    {
        Load().Training.ProgressiveSize.ShouldBeNull();
        Load().Training.ProgressiveEpochs.ShouldBeNull();
        Write(_dataset, "dataset.yaml", """
            dataset: people
            label: field
            training:
              model: resnet18
              inputSize: 128
              progressiveSize: 64
              progressiveEpochs: 5
            """);

        var training = Load().Training;

        training.ProgressiveSize.ShouldBe(64);
        training.ProgressiveEpochs.ShouldBe(5);
    }

    [Fact]
    public void LoadDataset_PlateauFactorAndPatience_AreRead()
    {
        Load().Training.PlateauFactor.ShouldBe(0.1);
        Write(_dataset, "dataset.yaml", """
            dataset: people
            label: field
            training:
              schedule: plateau
              plateauFactor: 0.5
              plateauPatience: 3
            """);

        var training = Load().Training;

        training.PlateauFactor.ShouldBe(0.5);
        training.PlateauPatience.ShouldBe(3);
    }

    [Fact]
    public void LoadDataset_FreezeThatIsNoChoice_NamesFieldAndChoices()
    {
        Write(_dataset, "dataset.yaml", """
            dataset: people
            label: field
            training:
              freeze: half
            """);

        var error = Should.Throw<ManifestException>(Load).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("training.freeze");
        error.Message.ShouldContain("all, none or a number");
    }

    private DatasetDefinition Load() => new ManifestLoader().LoadDataset(_dataset, _scrapers);

    private static void Write(string directory, string name, string content) =>
        File.WriteAllText(Path.Combine(directory, name), content);

    private static string FindRepositoryRoot()
    {
        var root = typeof(ManifestLoaderTests).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        return Path.GetFullPath(root);
    }
}
