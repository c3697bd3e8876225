; use a::b::C;  use a::b::{C, D as E};  use a::B as C;  use a::*;  use a;
(use_declaration argument: (scoped_identifier path: (_) @module name: (identifier) @name)) @import.named
(use_declaration argument: (scoped_use_list path: (_) @module list: (use_list (identifier) @name))) @import.named
(use_declaration argument: (scoped_use_list path: (_) @module list: (use_list (use_as_clause path: (identifier) @name alias: (identifier) @alias)))) @import.named
(use_declaration argument: (use_as_clause path: (scoped_identifier path: (_) @module name: (identifier) @name) alias: (identifier) @alias)) @import.named
(use_declaration argument: (use_wildcard [(identifier) (scoped_identifier) (crate) (super) (self)] @module)) @import.star
(use_declaration argument: (identifier) @module) @import.module
(use_declaration argument: (use_as_clause path: (identifier) @module alias: (identifier) @alias)) @import.module
