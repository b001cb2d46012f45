using System.ComponentModel.DataAnnotations;

namespace DatasetForge.Reporting;

/// <summary>Settings of the report stage.</summary>
public sealed class ReportOptions
{
    /// <summary>Sample crops shown per label on the contact sheet. The default value is 6.</summary>
    [Range(0, 100)]
    public int SamplesPerLabel { get; init; } = 6;

    /// <summary>Example reasons shown per rejection rule. The default value is 3.</summary>
    [Range(0, 50)]
    public int ExamplesPerRule { get; init; } = 3;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
