; The package clause names the file's package (FileSyntax.packageName); qualified names use the import path.
(package_clause (package_identifier) @name) @package

; Functions (generic ones too: type parameters are not captured).
(function_declaration
  name: (identifier) @name
  parameters: (parameter_list)
  result: (_)? @return_type
  body: (block) @body) @definition.function

; Methods: the receiver gives the container (`(s *Stack[T])` → Stack); the extractor qualifies them
; `<importpath>.<ReceiverType>.<Method>`.
(method_declaration
  receiver: (parameter_list) @receiver
  name: (field_identifier) @name
  parameters: (parameter_list)
  result: (_)? @return_type
  body: (block) @body) @definition.method

; Function literals bound by `x := func…` / `var x = func…` are functions of that name; other literals are anonymous.
(short_var_declaration
  left: (expression_list . (identifier) @name .)
  right: (expression_list . (func_literal body: (block) @body) @definition.function .))
(var_spec
  name: (identifier) @name
  value: (expression_list . (func_literal body: (block) @body) @definition.function .))
; Inline route handlers: a function literal registered for a route is named after it (README "Query captures"):
; `http.HandleFunc("/x", func…)` → `<HTTP /x>`, `mux.HandleFunc("GET /x", func…)` → `<GET /x>`,
; gin/echo/chi `r.GET("/x", mw, func…)` → `<GET /x>`; its registration (`r.GET("/x")`) is kept as a decorator.
(call_expression
  function: (selector_expression field: (field_identifier) @_register) @registration
  arguments: (argument_list
    . (interpreted_string_literal) @route
    (func_literal body: (block) @body) @definition.function .)
  (#eq? @_register "HandleFunc")
  (#match? @route "^\"([A-Z]+ )?/"))
(call_expression
  function: (selector_expression field: (field_identifier) @method) @registration
  arguments: (argument_list
    . (interpreted_string_literal) @route
    (func_literal body: (block) @body) @definition.function .)
  (#match? @method "^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Get|Post|Put|Patch|Delete|Head|Options)$")
  (#match? @route "^\"/"))
(func_literal body: (block) @body) @definition.lambda

; Structs and interfaces. Embedded fields and embedded interfaces are bases, one match per base (merged).
(type_spec name: (type_identifier) @name type: (struct_type) @body) @definition.struct
(type_spec
  name: (type_identifier) @name
  type: (struct_type (field_declaration_list (field_declaration
    !name
    type: [(type_identifier) (qualified_type) (generic_type)] @base)))) @definition.struct
(type_spec
  name: (type_identifier) @name
  type: (struct_type (field_declaration_list (field_declaration
    !name
    type: (pointer_type [(type_identifier) (qualified_type) (generic_type)] @base))))) @definition.struct
(type_spec name: (type_identifier) @name type: (interface_type) @body) @definition.interface
(type_spec
  name: (type_identifier) @name
  type: (interface_type (type_elem . [(type_identifier) (qualified_type) (generic_type)] @base .))) @definition.interface

; Struct fields; `a, b int` declares both.
(field_declaration name: (field_identifier) @name type: (_) @type) @field
; An interface's methods are its fields, untyped: the method set a struct must have to implement it.
(method_elem name: (field_identifier) @name) @field

; Parameters, receivers included: a method's receiver is its first parameter (Go names it per method, the way
; Python names `self`), so `func (s *Service) Get(id string)` has parameters `s:*Service, id:string`.
; Named results and the parameters of function types (`f func(x int)`) are not parameters.
(method_declaration receiver: (parameter_list (parameter_declaration name: (identifier) @name type: (_) @type) @parameter))
(function_declaration parameters: (parameter_list (parameter_declaration name: (identifier) @name type: (_) @type) @parameter))
(function_declaration parameters: (parameter_list (variadic_parameter_declaration name: (identifier) @name type: (_) @type) @parameter))
(method_declaration parameters: (parameter_list (parameter_declaration name: (identifier) @name type: (_) @type) @parameter))
(method_declaration parameters: (parameter_list (variadic_parameter_declaration name: (identifier) @name type: (_) @type) @parameter))
(func_literal parameters: (parameter_list (parameter_declaration name: (identifier) @name type: (_) @type) @parameter))
(func_literal parameters: (parameter_list (variadic_parameter_declaration name: (identifier) @name type: (_) @type) @parameter))
