; ES modules. `import x, { a } from 'm'` is one import holding `default as x` and `a`; `import type` is the same.
(import_statement
  (import_clause (identifier) @alias)
  source: (string (string_fragment) @module)) @import.default
(import_statement
  (import_clause (named_imports (import_specifier name: (_) @name alias: (_)? @alias)))
  source: (string (string_fragment) @module)) @import.named
(import_statement
  (import_clause (namespace_import (identifier) @alias))
  source: (string (string_fragment) @module)) @import.namespace
; Side-effect import: `import './polyfill'`.
(import_statement . source: (string (string_fragment) @module)) @import.module
; Dynamic import: `import('./lazy')`, kind module.
(call_expression
  function: (import)
  arguments: (arguments . (string (string_fragment) @module))) @import.module

; Re-exports: `export * from './x'`, `export * as ns from './x'`, `export { a as b } from './x'`.
(export_statement "*" . source: (string (string_fragment) @module)) @import.reexport-star
(export_statement (namespace_export (_) @alias) source: (string (string_fragment) @module)) @import.reexport-star
(export_statement
  (export_clause (export_specifier name: (_) @name alias: (_)? @alias))
  source: (string (string_fragment) @module)) @import.reexport

; CommonJS. `const fs = require('fs')` is kind require with alias fs. A destructuring require
; `const { a, b: c } = require('m')` is ALSO kind require (it is CommonJS loading), carrying the names
; `a` and `b as c` like a named import. A bare `require('./setup')` is kind require with no alias.
(variable_declarator
  name: (identifier) @alias
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @module) .))
  (#eq? @_require "require")) @import.require
(variable_declarator
  name: (object_pattern [
    (shorthand_property_identifier_pattern) @name
    (pair_pattern key: (property_identifier) @name value: (identifier) @alias)
  ])
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @module) .))
  (#eq? @_require "require")) @import.require
; Anchored: the call is the statement's first named child (comments come after it), so the pattern gives up at once on
; other statements instead of waiting through their whole subtree.
(expression_statement
  . (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @module) .))
  (#eq? @_require "require")) @import.require
