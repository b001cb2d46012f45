using DatasetForge.DemoSite.Pages;
using DatasetForge.DemoSite.Truth;
using Microsoft.AspNetCore.Builder;

namespace DatasetForge.DemoSite;

/// <summary>A started demo site: its address, the truth about who it lists, and a switch to make people leave.</summary>
public sealed class RunningDemoSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DemoContent _content;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _requests;

    internal RunningDemoSite(WebApplication app, DemoContent content, Uri baseUrl, System.Collections.Concurrent.ConcurrentQueue<string> requests)
    {
        _app = app;
        _content = content;
        BaseUrl = baseUrl;
        _requests = requests;
    }

    /// <summary>The path and query of every request so far, in order of arrival (to show that nothing is fetched twice).</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>The site's origin, for example <c>http://127.0.0.1:40123/</c> (always ends with '/').</summary>
    public Uri BaseUrl { get; }

    /// <summary>The departments, one per layout.</summary>
    public IReadOnlyList<DemoDepartment> Departments => _content.Departments;

    /// <summary>Every person the site lists (or listed before <see cref="SetListed"/> removed them).</summary>
    public IReadOnlyList<DemoPerson> Persons => _content.Persons;

    /// <summary>The intranet staff page, which robots.txt disallows.</summary>
    public Uri InternalTeamUrl => new(BaseUrl, "/intern/team/");

    /// <summary>The absolute URL of a department's staff page.</summary>
    public Uri StartUrl(DemoDepartment department)
    {
        ArgumentNullException.ThrowIfNull(department);
        return new Uri(BaseUrl, department.Path);
    }

    /// <summary>The department with this source name.</summary>
    public DemoDepartment Department(string source) =>
        Departments.FirstOrDefault(d => d.Source == source)
        ?? throw new ArgumentException($"No demo department is named '{source}'.", nameof(source));

    /// <summary>The persons a department's page lists now.</summary>
    public IReadOnlyList<DemoPerson> PersonsOf(DemoDepartment department) =>
        [.. Persons.Where(p => p.Department == department && _content.IsListed(p))];

    /// <summary>Lists or unlists a person from now on (a person who left shows up as vanished on the next scrape).</summary>
    public void SetListed(string personId, bool listed) => _content.SetListed(personId, listed);

    /// <summary>The bytes the site serves for a person's photo, or null when it serves none on the site.</summary>
    public byte[]? PhotoBytes(DemoPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.PhotoUrl is { } url && url.StartsWith('/') ? _content.GetBytes(url) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
