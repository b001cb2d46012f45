namespace DatasetForge.Reporting.Model;

/// <summary>
/// Persons listed with different labels (rule <c>label-conflict</c>: on two sources, or twice by one source), counted once
/// per person (one duplicate group); aggregate counts only, no names.
/// </summary>
/// <param name="Open">Conflicts waiting for a reviewer: every listing of the person is rejected until then.</param>
/// <param name="Resolved">Conflicts a reviewer settled (<c>forge review --label</c> or <c>--accept</c>).</param>
public sealed record LabelConflictCounts(int Open, int Resolved);
