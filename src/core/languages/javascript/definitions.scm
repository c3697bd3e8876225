; Definitions shared by the JavaScript, TypeScript and TSX grammars (node names common to all three).
; Grammar-specific patterns live in javascript/javascript.scm and typescript/typescript.scm.

; Function declarations, generator functions.
(function_declaration
  name: (identifier) @name
  parameters: (formal_parameters)
  body: (statement_block) @body) @definition.function
(generator_function_declaration
  name: (identifier) @name
  parameters: (formal_parameters)
  body: (statement_block) @body) @definition.function

; Function expressions and arrow functions bound to a variable are named by the variable; a function expression's
; own name (`const f = function g() {}`) is ignored so every function has one name.
(variable_declarator
  name: (identifier) @name
  value: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
    (generator_function body: (_) @body)
  ] @definition.function)
(assignment_expression
  left: (identifier) @name
  right: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
    (generator_function body: (_) @body)
  ] @definition.function)

; `exports.x = function…`, `module.exports.x = …`, `obj.x = () => …`: named by the property.
(assignment_expression
  left: (member_expression property: (property_identifier) @name)
  right: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
    (generator_function body: (_) @body)
  ] @definition.function)
; `Foo.prototype.bar = function…` is method bar of Foo.
(assignment_expression
  left: (member_expression
    object: (member_expression object: (identifier) @receiver property: (property_identifier) @_proto)
    property: (property_identifier) @name)
  right: [(arrow_function) (function_expression) (generator_function)] @definition.method
  (#eq? @_proto "prototype"))

; `export default function () {}` / `export default () => …` / `export default class {}` are named `default`.
(export_statement
  "default" @name
  value: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
    (generator_function body: (_) @body)
  ] @definition.function)
(export_statement "default" @name value: (class body: (class_body) @body) @definition.class)

; Methods of classes and object literals: getters, setters, static, async, generators, `#private`, and computed
; names, named as written (`[Symbol.iterator]`).
(method_definition
  name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name
  parameters: (formal_parameters)
  body: (statement_block) @body) @definition.method
(method_definition
  name: (string (string_fragment) @name)
  parameters: (formal_parameters)
  body: (statement_block) @body) @definition.method

; Object-literal pairs holding functions: `get: () => …`, `post: function () {}`, `'x-y': async () => …`.
(pair
  key: [(property_identifier) (string (string_fragment))] @name
  value: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
    (generator_function body: (_) @body)
  ] @definition.function)

; An object literal bound to a name and holding functions is a definition, so `const api = { get() {} }` qualifies
; its methods as `mod.api.get`. Plain data objects (`const config = { port: 1 }`) are not definitions.
(variable_declarator
  name: (identifier) @name
  value: (object (method_definition)) @definition.object)
(variable_declarator
  name: (identifier) @name
  value: (object (pair value: [(arrow_function) (function_expression) (generator_function)])) @definition.object)

; Classes: declarations and class expressions bound to a name.
(class_declaration name: (_) @name body: (class_body) @body) @definition.class
(variable_declarator name: (identifier) @name value: (class body: (class_body) @body) @definition.class)

; Inline route handlers: the last argument of `app.get('/users/:id', auth, (req, res) => …)` (Express, Koa routers) is
; a function named after its route, `<GET /users/:id>`, registered as `app.get('/users/:id')` (README "Query captures").
(call_expression
  function: (member_expression
    object: [(identifier) (member_expression)] @_router
    property: (property_identifier) @method) @registration
  arguments: (arguments
    . (string) @route
    [
      (arrow_function body: (_) @body)
      (function_expression body: (_) @body)
    ] @definition.function .)
  (#match? @_router "(^|\\.)(app|router|server|api|\\w*[rR]outer|\\w*[aA]pp)$")
  (#match? @method "^(get|post|put|patch|delete|head|options|all)$")
  (#match? @route "^['\"]/"))

; Anonymous functions (callbacks, IIFEs): their parameters stay their own, their calls
; belong to the enclosing named function. A named pattern above wins over these for the same node.
(arrow_function) @definition.lambda
(function_expression) @definition.lambda
(generator_function) @definition.lambda

; Fields assigned on `this`, typed by the constructor called when visible.
(assignment_expression
  left: (member_expression object: (this) property: [(property_identifier) (private_property_identifier)] @name)
  right: (new_expression constructor: [(identifier) (member_expression)] @type)?) @field
; `this.repo = repo` takes the type of the constructor's parameter `repo` (TypeScript annotations).
(assignment_expression
  left: (member_expression object: (this) property: [(property_identifier) (private_property_identifier)] @name)
  right: (identifier) @value) @field

; `x => …`: the one unparenthesised parameter.
(arrow_function parameter: (identifier) @name @parameter)

(yield_expression) @yield

; Exports (ESM ones at the top level only, not inside TS namespaces). `export default …` exports `default`; CommonJS `exports.x =` / `module.exports.x =` / `module.exports = {…}`.
; `#top-level?` (checked by the extractor) rather than `(program …)`: root-anchored patterns are slow (README "Query captures").
((export_statement declaration: [
  (function_declaration name: (_) @name)
  (generator_function_declaration name: (_) @name)
  (class_declaration name: (_) @name)
]) @export (#top-level? @export))
((export_statement declaration: [
  (lexical_declaration (variable_declarator name: (identifier) @name))
  (variable_declaration (variable_declarator name: (identifier) @name))
]) @export (#top-level? @export))
((export_statement "default" @name) @export (#top-level? @export))
; The name a default export binds, for default imports: `export default function make() {}`, `export default class Cart {}`,
; `export default store;`.
((export_statement "default" declaration: [
  (function_declaration name: (_) @name)
  (generator_function_declaration name: (_) @name)
  (class_declaration name: (_) @name)
]) @export.default (#top-level? @export.default))
((export_statement "default" value: (identifier) @name) @export.default (#top-level? @export.default))
((export_statement (export_clause (export_specifier name: (_) @name !alias))) @export (#top-level? @export))
((export_statement (export_clause (export_specifier alias: (_) @name))) @export (#top-level? @export))
(assignment_expression
  left: (member_expression object: (identifier) @_exports property: (property_identifier) @name)
  (#eq? @_exports "exports")) @export
(assignment_expression
  left: (member_expression
    object: (member_expression object: (identifier) @_module property: (property_identifier) @_exports)
    property: (property_identifier) @name)
  (#eq? @_module "module") (#eq? @_exports "exports")) @export
(assignment_expression
  left: (member_expression object: (identifier) @_module property: (property_identifier) @_exports)
  right: (object [
    (shorthand_property_identifier) @name
    (pair key: (property_identifier) @name)
    (method_definition name: (property_identifier) @name)
  ])
  (#eq? @_module "module") (#eq? @_exports "exports")) @export
; `module.exports = handler` exports the bound name.
(assignment_expression
  left: (member_expression object: (identifier) @_module property: (property_identifier) @_exports)
  right: (identifier) @name
  (#eq? @_module "module") (#eq? @_exports "exports")) @export
