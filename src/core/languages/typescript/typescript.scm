; TypeScript-only node shapes, used by the typescript and typescriptreact (TSX) entries together with
; javascript/definitions.scm, calls.scm, imports.scm and constructs.scm.

; Heritage: `extends` and `implements` both give bases, one match per base (matches are merged). Type arguments
; are dropped: `extends Base<T> implements Repo<T>` gives Base, Repo.
(class_declaration name: (_) @name (class_heritage (extends_clause value: (_) @base))) @definition.class
(class_declaration name: (_) @name (class_heritage (implements_clause [(type_identifier) (nested_type_identifier)] @base))) @definition.class
(class_declaration name: (_) @name (class_heritage (implements_clause (generic_type name: (_) @base)))) @definition.class
(abstract_class_declaration name: (_) @name body: (class_body) @body) @definition.class
(abstract_class_declaration name: (_) @name (class_heritage (extends_clause value: (_) @base))) @definition.class
(abstract_class_declaration name: (_) @name (class_heritage (implements_clause [(type_identifier) (nested_type_identifier)] @base))) @definition.class
(abstract_class_declaration name: (_) @name (class_heritage (implements_clause (generic_type name: (_) @base)))) @definition.class
(variable_declarator name: (identifier) @name value: (class (class_heritage (extends_clause value: (_) @base))) @definition.class)
(variable_declarator name: (identifier) @name value: (class (class_heritage (implements_clause [(type_identifier) (nested_type_identifier)] @base))) @definition.class)
(variable_declarator name: (identifier) @name value: (class (class_heritage (implements_clause (generic_type name: (_) @base)))) @definition.class)

; Interfaces are definitions (their method signatures have no body and are not functions); property signatures are fields.
(interface_declaration name: (_) @name body: (interface_body) @body) @definition.interface
(interface_declaration name: (_) @name (extends_type_clause type: [(type_identifier) (nested_type_identifier)] @base)) @definition.interface
(interface_declaration name: (_) @name (extends_type_clause type: (generic_type name: (_) @base))) @definition.interface
(interface_body (property_signature name: (_) @name type: (type_annotation)? @type) @field)
(enum_declaration name: (_) @name body: (enum_body) @body) @definition.enum

; Return types, merged into the definitions of definitions.scm (same node, same name).
(function_declaration name: (identifier) @name return_type: (_) @return_type) @definition.function
(generator_function_declaration name: (identifier) @name return_type: (_) @return_type) @definition.function
(method_definition name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name return_type: (_) @return_type) @definition.method
(variable_declarator
  name: (identifier) @name
  value: [
    (arrow_function return_type: (_) @return_type)
    (function_expression return_type: (_) @return_type)
    (generator_function return_type: (_) @return_type)
  ] @definition.function)
(pair
  key: [(property_identifier) (string (string_fragment))] @name
  value: [
    (arrow_function return_type: (_) @return_type)
    (function_expression return_type: (_) @return_type)
  ] @definition.function)

; Parameters with their types: plain, optional `x?`, default, rest. Destructured parameters are skipped.
(formal_parameters [
  (required_parameter pattern: (identifier) @name type: (type_annotation)? @type)
  (optional_parameter pattern: (identifier) @name type: (type_annotation)? @type)
  (required_parameter pattern: (rest_pattern (identifier) @name) type: (type_annotation)? @type)
] @parameter)

; Constructor parameter properties (`constructor(private readonly repo: Repo)`) are also fields of the class.
(method_definition
  name: (property_identifier) @_ctor
  parameters: (formal_parameters [
    (required_parameter (accessibility_modifier) pattern: (identifier) @name type: (type_annotation)? @type)
    (optional_parameter (accessibility_modifier) pattern: (identifier) @name type: (type_annotation)? @type)
    (required_parameter "readonly" pattern: (identifier) @name type: (type_annotation)? @type)
    (optional_parameter "readonly" pattern: (identifier) @name type: (type_annotation)? @type)
  ] @field)
  (#eq? @_ctor "constructor"))

; Class fields: `private store: Store`, `store = new Store()`, `#cache = new Map<string, X>()`.
; The annotation pattern comes first so a written type wins over the constructor called.
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @name
  type: (type_annotation)? @type) @field
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @name
  value: (new_expression constructor: [(identifier) (member_expression)] @type)) @field
; Arrow-function fields (`handle = async (req: Req) => …`) are methods.
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @name
  value: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
  ] @definition.method)

; Decorators on classes and methods (method decorators precede the method inside the class body). Parameter
; decorators (`@Param('id') id`) are left out; field decorators only count when the field holds a function.
(class_declaration decorator: (decorator) @decorator)
(abstract_class_declaration decorator: (decorator) @decorator)
(export_statement decorator: (decorator) @decorator)
(class_body (decorator) @decorator)
(public_field_definition decorator: (decorator) @decorator value: [(arrow_function) (function_expression)])

; `import fs = require('fs')`.
(import_statement (import_require_clause (identifier) @alias source: (string (string_fragment) @module))) @import.require

; Exports of TypeScript-only declarations.
((export_statement declaration: [
  (abstract_class_declaration name: (_) @name)
  (interface_declaration name: (_) @name)
  (type_alias_declaration name: (_) @name)
  (enum_declaration name: (_) @name)
]) @export (#top-level? @export))

; Object literals bound through `satisfies` / `as` (`const api = { … } satisfies Handlers`) are definitions too.
(variable_declarator
  name: (identifier) @name
  value: [(satisfies_expression (object (method_definition)) @definition.object)
          (as_expression (object (method_definition)) @definition.object)])
(variable_declarator
  name: (identifier) @name
  value: [(satisfies_expression (object (pair value: [(arrow_function) (function_expression) (generator_function)])) @definition.object)
          (as_expression (object (pair value: [(arrow_function) (function_expression) (generator_function)])) @definition.object)])
