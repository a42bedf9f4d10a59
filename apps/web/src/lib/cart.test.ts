import { describe, expect, it } from "vitest";
import { cartFromLink } from "./cart";

const a = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";
const b = "7a2b3c4d-5e6f-4a7b-9c8d-1e2f3a4b5c6d";

describe("a cart carried in the checkout link", () => {
  it("reads each product and its quantity", () => {
    expect(cartFromLink(`${a}:2,${b}:1`)).toEqual([
      { productId: a, quantity: 2 },
      { productId: b, quantity: 1 },
    ]);
  });

  it("leaves out what is not a product and a whole quantity, and repeats", () => {
    expect(
      cartFromLink(`${a}:0,${b}:1.5,not-an-id:3,${a}:x,${b}:-2,${a}:3,${a}:4,<script>:1`),
    ).toEqual([{ productId: a, quantity: 3 }]);
  });

  it("caps a line at what an order takes", () => {
    expect(cartFromLink(`${a}:9999`)).toEqual([{ productId: a, quantity: 100 }]);
  });
});
