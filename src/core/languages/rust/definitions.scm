; Functions. Methods live in `impl` blocks: the impl's type is captured as the method's `receiver` (like a Go
; receiver), so `impl Foo { fn bar() }` and `impl Trait for Foo { fn bar() }` both define `<module>.Foo.bar` with
; container Foo, and an impl block is not a class of its own.
(function_item
  name: (identifier) @name
  parameters: (parameters)
  return_type: (_)? @return_type
  body: (block) @body) @definition.function
(impl_item
  type: [(type_identifier) (scoped_type_identifier)] @receiver
  body: (declaration_list (function_item name: (identifier) @name) @definition.method))
(impl_item
  type: (generic_type type: (_) @receiver)
  body: (declaration_list (function_item name: (identifier) @name) @definition.method))
; Trait methods, with or without a default body, belong to the trait.
(function_signature_item
  name: (identifier) @name
  parameters: (parameters)
  return_type: (_)? @return_type) @definition.method

; A closure bound by `let` is a function of that name; other closures are anonymous.
(let_declaration
  pattern: (identifier) @name
  value: (closure_expression body: (_) @body) @definition.function)
(closure_expression body: (_) @body) @definition.lambda

(struct_item name: (type_identifier) @name) @definition.struct
(union_item name: (type_identifier) @name) @definition.struct
(enum_item name: (type_identifier) @name) @definition.enum
(trait_item name: (type_identifier) @name) @definition.trait
; Supertraits: `trait A: B + C`, one match per bound.
(trait_item name: (type_identifier) @name bounds: (trait_bounds (_) @base)) @definition.trait

; `#[derive(Debug)]`, `#[tracing::instrument]`: the attribute without its `#[ ]`.
(attribute_item (attribute) @decorator)

(parameters (self_parameter (self) @name) @parameter)
(parameters (parameter pattern: (identifier) @name type: (_) @type) @parameter)
(parameters (parameter pattern: (mut_pattern (identifier) @name) type: (_) @type) @parameter)
(closure_parameters (identifier) @name @parameter)
(closure_parameters (parameter pattern: (identifier) @name type: (_)? @type) @parameter)

(field_declaration_list (field_declaration name: (field_identifier) @name type: (_) @type) @field)
