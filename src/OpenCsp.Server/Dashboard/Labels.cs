namespace OpenCsp.Server.Dashboard;

/// <summary>The dashboard's words (Labels.resx and its de, nl, zh-TW translations; ../shared/GLOSSARY.md's keys).</summary>
public sealed class Labels;
