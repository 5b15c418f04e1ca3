// The request header through which the middleware tells the root layout which page is asked
// for (a layout cannot see the URL). The middleware always overwrites it.
export const PATHNAME_HEADER = "x-mailstream-pathname";
