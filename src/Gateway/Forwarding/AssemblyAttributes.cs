using System.Runtime.CompilerServices;

// The translators and scanners are internal; their edge cases are tested directly.
[assembly: InternalsVisibleTo("Switchyard.Gateway.Tests")]
