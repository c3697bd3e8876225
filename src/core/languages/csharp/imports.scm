; `using System;` and `using static System.Math;` bring every name of a namespace or type into scope: a star import.
(using_directive !name [(identifier) (qualified_name)] @module) @import.star
; `using Json = System.Text.Json.JsonSerializer;` binds one name.
(using_directive name: (identifier) @alias [(identifier) (qualified_name)] @module) @import.module
