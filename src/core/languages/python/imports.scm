; import a.b.c / import a.b as c
(import_statement name: (dotted_name) @module) @import.module
(import_statement name: (aliased_import name: (dotted_name) @module alias: (identifier) @alias)) @import.module

; from m import a, b as c / from . import x / from ..pkg.mod import f as g
(import_from_statement
  module_name: [(dotted_name) (relative_import)] @module
  name: (dotted_name) @name) @import.named
(import_from_statement
  module_name: [(dotted_name) (relative_import)] @module
  name: (aliased_import name: (dotted_name) @name alias: (identifier) @alias)) @import.named
(import_from_statement
  module_name: [(dotted_name) (relative_import)] @module
  (wildcard_import)) @import.star
