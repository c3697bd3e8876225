; `import a.b.C` / `import a.b.C as D` import one qualified name (module = the whole name); `import a.b.*` a package.
((import_header (identifier) @module . (import_alias (type_identifier) @alias)?) @import.module
  (#not-match? @import.module "\\*"))
(import_header (identifier) @module (wildcard_import)) @import.star
