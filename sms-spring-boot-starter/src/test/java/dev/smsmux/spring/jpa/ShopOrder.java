package dev.smsmux.spring.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An application's own row, saved in the same transaction as its SMS. */
@Entity
@Table(name = "shop_order")
public class ShopOrder {
    @Id
    private String reference;
    private String phone;

    protected ShopOrder() {
    }

    public ShopOrder(String reference, String phone) {
        this.reference = reference;
        this.phone = phone;
    }

    public String reference() {
        return reference;
    }

    public String phone() {
        return phone;
    }
}
