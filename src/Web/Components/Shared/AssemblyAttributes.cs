using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
    Scope = "namespace", Target = "~N:Switchyard.Web.Components.Shared",
    Justification = "Components/Shared is Blazor's conventional folder for reusable components; this C# application is not consumed from Visual Basic.")]
